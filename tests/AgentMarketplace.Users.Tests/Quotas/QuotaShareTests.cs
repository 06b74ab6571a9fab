using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Quotas;

namespace AgentMarketplace.Users.Tests.Quotas;

/// <summary>One caller's share of their month, admitted in memory: what it admits, when it must renew, what it gives back.</summary>
public sealed class QuotaShareTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly March = new(2026, 3, 1);
    private static readonly UserQuota Limits = new(Guid.NewGuid(), "free", 60, 1000, 10_000, 0, 0);

    private static QuotaLease Grant(long calls, long cents, DateOnly? month = null, bool lapsed = false, UserQuota? limits = null) =>
        new(month ?? March, calls, cents, lapsed, Now.AddSeconds(10), limits ?? Limits);

    [Fact]
    public void A_share_never_leased_admits_nothing_until_renewed() =>
        Assert.Null(new QuotaShare().TryAdmit(0, Now));

    [Fact]
    public void A_renewal_admits_the_call_that_asked_and_the_share_admits_the_rest_in_memory()
    {
        var share = new QuotaShare();

        var first = share.Renewed(Grant(calls: 2, cents: 20), reserveCents: 10, Now);
        var second = share.TryAdmit(10, Now);
        var third = share.TryAdmit(10, Now);

        Assert.Equal(new CallAdmission(CallAdmissionOutcome.Admitted, March, Limits), first);
        Assert.Equal(CallAdmissionOutcome.Admitted, second?.Outcome);
        Assert.Null(third); // used up: renew
    }

    [Fact]
    public void A_grant_too_small_for_the_call_says_which_limit_is_reached()
    {
        Assert.Equal(CallAdmissionOutcome.CallsExhausted, new QuotaShare().Renewed(Grant(calls: 0, cents: 100), 10, Now).Outcome);
        Assert.Equal(CallAdmissionOutcome.SpendExhausted, new QuotaShare().Renewed(Grant(calls: 5, cents: 9), 10, Now).Outcome);
    }

    [Fact]
    public void A_lease_without_limits_means_no_such_user() =>
        Assert.Equal(CallAdmissionOutcome.UnknownUser, new QuotaShare().Renewed(Grant(1, 1) with { Limits = null }, 0, Now).Outcome);

    [Fact]
    public void The_share_is_renewed_halfway_through_its_lease()
    {
        var share = new QuotaShare();
        share.Renewed(Grant(calls: 10, cents: 100), 0, Now); // expires in 10 s

        Assert.NotNull(share.TryAdmit(0, Now.AddSeconds(4.9)));
        Assert.Null(share.TryAdmit(0, Now.AddSeconds(5)));
    }

    [Fact]
    public void A_new_month_is_never_admitted_from_the_last_months_share()
    {
        var share = new QuotaShare();
        var lastSeconds = new DateTimeOffset(2026, 3, 31, 23, 59, 58, TimeSpan.Zero);
        share.Renewed(Grant(calls: 10, cents: 100) with { ExpiresAt = lastSeconds.AddSeconds(10) }, 0, lastSeconds);

        Assert.NotNull(share.TryAdmit(0, lastSeconds.AddSeconds(1)));
        Assert.Null(share.TryAdmit(0, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void A_call_given_back_is_admitted_again_and_a_reported_one_leaves_the_share()
    {
        var share = new QuotaShare();
        share.Renewed(Grant(calls: 1, cents: 10), 10, Now);

        share.Finished(March, 10, reported: false);
        Assert.NotNull(share.TryAdmit(10, Now));

        share.Finished(March, 10, reported: true);
        Assert.Null(share.TryAdmit(0, Now));
        Assert.True(share.Idle);
    }

    [Fact]
    public void A_call_finished_in_another_month_leaves_this_months_share_alone()
    {
        var share = new QuotaShare();
        share.Renewed(Grant(calls: 1, cents: 10), 10, Now);

        share.Finished(March.AddMonths(-1), 10, reported: true);

        Assert.False(share.Idle);
        Assert.Null(share.TakeUnused()); // the one call is still in flight
    }

    [Fact]
    public void Taking_the_unused_part_keeps_what_the_calls_in_flight_reserved()
    {
        var share = new QuotaShare();
        share.Renewed(Grant(calls: 5, cents: 100), 30, Now); // one call in flight, 30 cents reserved

        Assert.Equal((March, 4L, 70L), share.TakeUnused());
        Assert.Null(share.TakeUnused());
        Assert.Null(share.TryAdmit(0, Now)); // nothing left beyond the call in flight
    }

    [Fact]
    public void A_lapsed_lease_leaves_only_the_new_grant()
    {
        var share = new QuotaShare();
        share.Renewed(Grant(calls: 5, cents: 100), 0, Now); // one call in flight, four left

        var afterLapse = share.Renewed(Grant(calls: 1, cents: 100, lapsed: true), 0, Now);

        Assert.Equal(CallAdmissionOutcome.CallsExhausted, afterLapse.Outcome); // the grant's one call is the one in flight
    }

    [Fact]
    public void The_ask_doubles_while_renewals_come_quickly_up_to_the_maximum_and_halves_when_they_slow()
    {
        var share = new QuotaShare();
        var at = Now;
        var asks = new List<long>();
        for (var i = 0; i < 13; i++)
        {
            asks.Add(share.NextAsk(at));
            at += TimeSpan.FromMilliseconds(100);
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1024, 1024], asks);
        Assert.Equal(512, share.NextAsk(at + QuotaShare.GrowWithin));
    }
}
