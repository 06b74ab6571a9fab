using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// The month's counters move in one INSERT … ON CONFLICT DO UPDATE … WHERE: PostgreSQL locks the row
/// and re-checks the limits against its latest value, so with 100 calls left and 200 callers at once
/// exactly 100 are admitted.
/// </summary>
internal sealed class ConsumeCallQuotaHandler(UsersDbContext db, UserManager users)
    : ICommandHandler<ConsumeCallQuota, QuotaDecision>
{
    public async ValueTask<QuotaDecision> Handle(ConsumeCallQuota command, CancellationToken cancellationToken)
    {
        var month = users.CurrentMonth();
        var quota = await users.GetLimitsAsync(command.UserId, cancellationToken);
        if (quota is null)
        {
            return new QuotaDecision(QuotaOutcome.UnknownUser, month, 0, 0, 0);
        }

        var admitted = await db.Database.SqlQuery<long>($"""
            INSERT INTO users.quota_usage (user_id, month, calls, spend_cents)
            SELECT {command.UserId}, {month}, 1, {command.ReserveCents}
            WHERE 1 <= {quota.CallsPerMonth} AND {command.ReserveCents} <= {quota.MonthlySpendLimitCents}
            ON CONFLICT (user_id, month) DO UPDATE
               SET calls = quota_usage.calls + 1, spend_cents = quota_usage.spend_cents + EXCLUDED.spend_cents
             WHERE quota_usage.calls + 1 <= {quota.CallsPerMonth}
               AND quota_usage.spend_cents + EXCLUDED.spend_cents <= {quota.MonthlySpendLimitCents}
            RETURNING calls AS "Value"
            """).ToListAsync(cancellationToken);

        var outcome = QuotaOutcome.Admitted;
        if (admitted.Count == 0)
        {
            // Refused: read the counters as they are now to say which limit it was.
            var calls = await db.QuotaUsage.Where(q => q.UserId == command.UserId && q.Month == month)
                .Select(q => (long?)q.Calls).FirstOrDefaultAsync(cancellationToken) ?? 0;
            outcome = calls + 1 > quota.CallsPerMonth ? QuotaOutcome.CallsExhausted : QuotaOutcome.SpendExhausted;
        }

        return new QuotaDecision(outcome, month, quota.RequestsPerMinute, quota.CallsPerMonth, quota.MonthlySpendLimitCents);
    }
}

internal sealed class ReleaseCallQuotaHandler(UsersDbContext db) : ICommandHandler<ReleaseCallQuota>
{
    public async ValueTask<Unit> Handle(ReleaseCallQuota command, CancellationToken cancellationToken)
    {
        await db.QuotaUsage
            .Where(q => q.UserId == command.UserId && q.Month == command.Month && q.Calls > 0)
            .ExecuteUpdateAsync(set => set
                .SetProperty(q => q.Calls, q => q.Calls - 1)
                .SetProperty(q => q.SpendCents, q => q.SpendCents - command.ReserveCents), cancellationToken);
        return Unit.Value;
    }
}

internal sealed class SettleCallSpendHandler(UsersDbContext db) : ICommandHandler<SettleCallSpend>
{
    public async ValueTask<Unit> Handle(SettleCallSpend command, CancellationToken cancellationToken)
    {
        var difference = command.ActualCents - command.ReservedCents;
        if (difference != 0)
        {
            await db.QuotaUsage
                .Where(q => q.UserId == command.UserId && q.Month == command.Month)
                .ExecuteUpdateAsync(set => set.SetProperty(q => q.SpendCents, q => q.SpendCents + difference), cancellationToken);
        }

        return Unit.Value;
    }
}
