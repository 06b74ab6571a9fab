using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// One round trip for a whole batch of calls (one transaction): the months' use grows by the calls and
/// what they cost, and this process's lease gives up what they reserved.
/// </summary>
internal sealed class RecordQuotaUseHandler(UsersDbContext db, CallAdmissions admissions, TimeProvider clock, IOptions<QuotaOptions> options)
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
        QuotaUseStatements.AddLeaseRelease(writes, perMonth, admissions.Holder, now.AddSeconds(options.Value.LeaseSeconds));
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
