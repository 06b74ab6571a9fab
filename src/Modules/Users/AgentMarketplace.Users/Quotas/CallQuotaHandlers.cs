using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// A lease is decided under the lock of the user's month row, so concurrent renewals by any number of
/// holders see each other's shares: what is used plus what every live lease holds never exceeds the limits.
/// A lowered limit shrinks the holder's share at its next renewal.
/// </summary>
internal sealed class RenewQuotaLeaseHandler(UsersDbContext db, UserManager users, TimeProvider clock, IOptions<QuotaOptions> options)
    : ICommandHandler<RenewQuotaLease, QuotaLease>
{
    public async ValueTask<QuotaLease> Handle(RenewQuotaLease command, CancellationToken cancellationToken)
    {
        var month = users.CurrentMonth();
        var limits = await users.GetLimitsAsync(command.UserId, cancellationToken);
        if (limits is null)
        {
            return new QuotaLease(month, 0, 0, false, DateTimeOffset.MinValue, null);
        }

        var (user, holder) = (command.UserId, command.Holder);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var expiresAt = now.AddSeconds(options.Value.LeaseSeconds);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var used = await QuotaLeaseStatements.LockMonthAsync(db, user, month, cancellationToken);
            var leases = await db.QuotaLeases.AsNoTracking()
                .Where(l => l.UserId == user && l.Month == month)
                .ToListAsync(cancellationToken);
            var live = leases.Where(l => l.ExpiresAt > now).ToList();
            var mine = live.Find(l => l.Holder == holder);
            var others = live.Where(l => l.Holder != holder).ToList();
            var (callsBefore, spendBefore) = (mine?.Calls ?? 0, mine?.SpendCents ?? 0);
            var calls = Math.Min(callsBefore + command.MoreCalls,
                Math.Max(0, limits.CallsPerMonth - used.Calls - others.Sum(l => l.Calls)));
            var spend = Math.Min(spendBefore + command.MoreSpendCents,
                Math.Max(0, limits.MonthlySpendLimitCents - used.SpendCents - others.Sum(l => l.SpendCents)));
            var lapsed = mine is null && leases.Exists(l => l.Holder == holder);
            await QuotaLeaseStatements.SaveLeaseAsync(db, user, month, holder, calls, spend, expiresAt, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new QuotaLease(month, calls - callsBefore, spend - spendBefore, lapsed, expiresAt, limits);
        });
    }
}

/// <summary>
/// One round trip for a whole batch of calls (one transaction): the months' use grows by the calls and
/// what they cost, and the holder's lease gives up what they reserved.
/// </summary>
internal sealed class RecordQuotaUseHandler(UsersDbContext db, TimeProvider clock, IOptions<QuotaOptions> options)
    : ICommandHandler<RecordQuotaUse>
{
    public async ValueTask<Unit> Handle(RecordQuotaUse command, CancellationToken cancellationToken)
    {
        var (perMonth, subscribed) = QuotaUseStatements.Group(command.Uses);
        if (perMonth.Count == 0)
        {
            return Unit.Value;
        }

        var now = clock.GetUtcNow();
        var writes = command.Batch ?? new WriteBatch();
        QuotaUseStatements.AddLocks(writes, perMonth);
        QuotaUseStatements.AddUse(writes, perMonth, subscribed, now);
        QuotaUseStatements.AddLeaseRelease(writes, perMonth, command.Holder, now.AddSeconds(options.Value.LeaseSeconds));
        if (command.Batch is null)
        {
            await writes.ExecuteAsync(db.Database, cancellationToken);
        }

        return Unit.Value;
    }
}

/// <summary>
/// Reported usage counts against the same limit as the gateway's calls: added to the month only if the
/// user's spend, with what gateway instances hold, stays within the limit (the batch's condition).
/// </summary>
internal sealed class ChargeReportedUsageHandler(TimeProvider clock, IOptions<QuotaOptions> options) : ICommandHandler<ChargeReportedUsage>
{
    public ValueTask<Unit> Handle(ChargeReportedUsage command, CancellationToken cancellationToken)
    {
        var (perMonth, subscribed) = QuotaUseStatements.Group(command.Uses);
        if (perMonth.Count > 0)
        {
            var quotas = options.Value;
            var plans = new SpendLimitPlans(
                quotas.Plans.Keys.Select(name => name.ToLowerInvariant()).ToArray(),
                quotas.Plans.Values.Select(plan => plan.MonthlySpendLimitCents).ToArray(),
                quotas.LimitsFor(quotas.DefaultPlan).MonthlySpendLimitCents);
            QuotaUseStatements.AddMonths(command.Batch, perMonth);
            QuotaUseStatements.AddLocks(command.Batch, perMonth);
            QuotaUseStatements.AddUse(command.Batch, perMonth, subscribed, clock.GetUtcNow(), plans);
        }

        return ValueTask.FromResult(Unit.Value);
    }
}

internal sealed class IsSubscriptionStartedHandler(UsersDbContext db) : IQueryHandler<IsSubscriptionStarted, bool>
{
    public async ValueTask<bool> Handle(IsSubscriptionStarted query, CancellationToken cancellationToken) =>
        await db.SubscriptionMonths.AnyAsync(
            s => s.UserId == query.UserId && s.AgentId == query.AgentId && s.Month == query.Month, cancellationToken);
}

internal sealed class ShrinkQuotaLeaseHandler(UsersDbContext db) : ICommandHandler<ShrinkQuotaLease>
{
    public async ValueTask<Unit> Handle(ShrinkQuotaLease command, CancellationToken cancellationToken)
    {
        await QuotaLeaseStatements.ShrinkAsync(db, command.UserId, command.Month, command.Holder, command.Calls, command.SpendCents, cancellationToken);
        return Unit.Value;
    }
}
