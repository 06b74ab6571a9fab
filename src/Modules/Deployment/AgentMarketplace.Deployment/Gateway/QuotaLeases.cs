using System.Collections.Concurrent;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.Deployment.Gateway;

internal enum QuotaOutcome
{
    Admitted,
    CallsExhausted,
    SpendExhausted,
    UnknownUser,
}

/// <summary>The outcome, the month the call counts in, and the caller's limits as last read.</summary>
internal sealed record QuotaAdmission(QuotaOutcome Outcome, DateOnly Month, UserQuota? Limits);

/// <summary>
/// The monthly call quota and spend limit, admitted in memory. This instance leases a share of each
/// caller's month from Users (<see cref="RenewQuotaLease"/>) and admits calls from it, so a call pays no
/// database round trip for its quota; the calls that happen are reported in the group commit that
/// records them (the invocation log), before their callers are answered. A share grows while a
/// caller keeps using it up (1, 2, 4, … up to <see cref="MaxAsk"/> calls per renewal), is renewed at
/// least halfway through its lease (so changed limits apply within seconds), and what an idle caller's
/// share has left goes back after <see cref="IdleAfter"/>, for other instances to use.
/// </summary>
internal sealed class QuotaLeases(IServiceScopeFactory scopes, TimeProvider clock, ILogger<QuotaLeases> logger) : BackgroundService
{
    private const long MaxAsk = 1024;
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GrowWithin = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, Share> _shares = new();

    /// <summary>Who this instance is to Users: a lease belongs to one running process.</summary>
    public Guid Holder { get; } = Guid.NewGuid();

    public async ValueTask<QuotaAdmission> AdmitAsync(Guid userId, long reserveCents, CancellationToken ct)
    {
        while (true)
        {
            var share = _shares.GetOrAdd(userId, _ => new Share());
            if (share.TryAdmit(reserveCents, clock.GetUtcNow()) is { } admitted)
            {
                return admitted;
            }

            // One renewal at a time per caller; whoever waited may find the share renewed already.
            await share.Renewing.WaitAsync(ct);
            try
            {
                if (!_shares.TryGetValue(userId, out var current) || current != share)
                {
                    continue; // forgotten while idle, meanwhile
                }

                var now = clock.GetUtcNow();
                if (share.TryAdmit(reserveCents, now) is { } renewedMeanwhile)
                {
                    return renewedMeanwhile;
                }

                var ask = share.NextAsk(now);
                await using var scope = scopes.CreateAsyncScope();
                var lease = await scope.ServiceProvider.GetRequiredService<IMediator>()
                    .Send(new RenewQuotaLease(Holder, userId, ask, ask * reserveCents), ct);
                return share.Renewed(lease, reserveCents, clock.GetUtcNow());
            }
            finally
            {
                share.Renewing.Release();
            }
        }
    }

    /// <summary>An admitted call that did not happen (refused by the rate limit, failed, or not recorded) is admitted again.</summary>
    public void GiveBack(Guid userId, DateOnly month, long reservedCents)
    {
        if (_shares.TryGetValue(userId, out var share))
        {
            share.Finished(month, reservedCents, reported: false);
        }
    }

    /// <summary>Calls that Users now counts as used: they leave the share, as they left the lease.</summary>
    public void Reported(IEnumerable<QuotaUse> uses)
    {
        foreach (var use in uses)
        {
            if (_shares.TryGetValue(use.UserId, out var share))
            {
                share.Finished(use.Month, use.ReservedCents, reported: true);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(IdleAfter / 2, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReturnIdleAsync(clock.GetUtcNow() - IdleAfter);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: everything not in flight goes back below.
        }

        await ReturnIdleAsync(DateTimeOffset.MaxValue);
    }

    private async Task ReturnIdleAsync(DateTimeOffset lastAdmittedBefore)
    {
        foreach (var (userId, share) in _shares)
        {
            if (share.LastAdmitted >= lastAdmittedBefore || !await share.Renewing.WaitAsync(0))
            {
                continue;
            }

            try
            {
                if (share.TakeUnused() is { } unused)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IMediator>().Send(
                        new ShrinkQuotaLease(Holder, userId, unused.Month, unused.Calls, unused.Cents), CancellationToken.None);
                }
                else if (share.LastAdmitted < clock.GetUtcNow() - ForgetAfter && share.Idle)
                {
                    _shares.TryRemove(userId, out _);
                }
            }
            catch (Exception e)
            {
                // The lease lapses on its own; until then this share only counts against the caller's limits.
                // (An outage is logged once, by DatabaseCircuit, not for every share every half second.)
                logger.Log(e.IsDatabaseUnavailable() ? LogLevel.Debug : LogLevel.Warning, e,
                    "Could not give back the unused quota lease of user {UserId}", userId);
            }
            finally
            {
                share.Renewing.Release();
            }
        }
    }

    /// <summary>
    /// One caller's share (<see cref="_calls"/>, <see cref="_cents"/>: leased and not yet reported) and what
    /// of it is in flight here (admitted, not yet reported or given back). Users' copy of the share moves
    /// by the same changes, grants and reports, which commute: a report Users has applied before this
    /// process has moves the share and what is in flight alike, so what is left to admit is right either way.
    /// </summary>
    private sealed class Share
    {
        public readonly SemaphoreSlim Renewing = new(1, 1);
        private readonly Lock _lock = new();
        private DateOnly _month;
        private long _calls;
        private long _cents;
        private long _callsInFlight;
        private long _centsInFlight;
        private DateTimeOffset _renewBy;
        private DateTimeOffset _lastRenewed;
        private long _ask = 1;
        private UserQuota? _limits;

        public DateTimeOffset LastAdmitted { get; private set; }

        public bool Idle
        {
            get
            {
                lock (_lock)
                {
                    return _callsInFlight == 0 && _calls == 0 && _cents == 0;
                }
            }
        }

        public QuotaAdmission? TryAdmit(long reserveCents, DateTimeOffset now)
        {
            lock (_lock)
            {
                return _limits is null || now >= _renewBy || _month != MonthOf(now) ? null : AdmitFromShare(reserveCents, now);
            }
        }

        /// <summary>Doubles while renewals come within a second of each other; halves when they do not.</summary>
        public long NextAsk(DateTimeOffset now)
        {
            lock (_lock)
            {
                _ask = now - _lastRenewed < GrowWithin ? Math.Min(_ask * 2, MaxAsk) : Math.Max(_ask / 2, 1);
                _lastRenewed = now;
                return _ask;
            }
        }

        public QuotaAdmission Renewed(QuotaLease lease, long reserveCents, DateTimeOffset now)
        {
            lock (_lock)
            {
                if (lease.Limits is null)
                {
                    return new QuotaAdmission(QuotaOutcome.UnknownUser, lease.Month, null);
                }

                if (lease.Month != _month)
                {
                    // A new month: calls still in flight count in the old one, and are reported there.
                    (_calls, _cents, _callsInFlight, _centsInFlight, _month) = (0, 0, 0, 0, lease.Month);
                }
                else if (lease.Lapsed)
                {
                    // Users let the share lapse (this process was silent too long): only the grant is ours now.
                    (_calls, _cents) = (0, 0);
                }

                _calls += lease.GrantedCalls;
                _cents += lease.GrantedSpendCents;
                _limits = lease.Limits;
                _renewBy = now + (lease.ExpiresAt - now) / 2;
                return AdmitFromShare(reserveCents, now) ?? new QuotaAdmission(
                    _calls - _callsInFlight < 1 ? QuotaOutcome.CallsExhausted : QuotaOutcome.SpendExhausted, _month, _limits);
            }
        }

        public void Finished(DateOnly month, long reservedCents, bool reported)
        {
            lock (_lock)
            {
                if (month != _month)
                {
                    return;
                }

                _callsInFlight = Math.Max(0, _callsInFlight - 1);
                _centsInFlight = Math.Max(0, _centsInFlight - reservedCents);
                if (reported)
                {
                    _calls--;
                    _cents -= reservedCents;
                }
            }
        }

        /// <summary>Keeps only what the calls in flight need, and says what that gives back; null when nothing is unused.</summary>
        public (DateOnly Month, long Calls, long Cents)? TakeUnused()
        {
            lock (_lock)
            {
                var (calls, cents) = (Math.Max(0, _calls - _callsInFlight), Math.Max(0, _cents - _centsInFlight));
                if (calls == 0 && cents == 0)
                {
                    return null;
                }

                _calls -= calls;
                _cents -= cents;
                return (_month, calls, cents);
            }
        }

        /// <summary>Under the lock: the call is in flight if what is left of the share covers it.</summary>
        private QuotaAdmission? AdmitFromShare(long reserveCents, DateTimeOffset now)
        {
            if (_calls - _callsInFlight < 1 || _cents - _centsInFlight < reserveCents)
            {
                return null;
            }

            _callsInFlight++;
            _centsInFlight += reserveCents;
            LastAdmitted = now;
            return new QuotaAdmission(QuotaOutcome.Admitted, _month, _limits);
        }

        private static DateOnly MonthOf(DateTimeOffset now) => new(now.Year, now.Month, 1);
    }
}
