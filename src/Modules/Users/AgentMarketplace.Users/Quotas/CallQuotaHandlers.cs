using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

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
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO users.quota_usage (user_id, month, calls, spend_cents) VALUES ({user}, {month}, 0, 0) ON CONFLICT DO NOTHING
                """, cancellationToken);
            var used = await db.QuotaUsage
                .FromSql($"SELECT * FROM users.quota_usage WHERE user_id = {user} AND month = {month} FOR UPDATE")
                .AsNoTracking().SingleAsync(cancellationToken);
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
            await db.Database.ExecuteSqlAsync($"""
                DELETE FROM users.quota_leases WHERE user_id = {user} AND expires_at <= {now.AddHours(-1)};
                INSERT INTO users.quota_leases (user_id, month, holder, calls, spend_cents, expires_at)
                VALUES ({user}, {month}, {holder}, {calls}, {spend}, {expiresAt})
                ON CONFLICT (user_id, month, holder) DO UPDATE
                   SET calls = EXCLUDED.calls, spend_cents = EXCLUDED.spend_cents, expires_at = EXCLUDED.expires_at
                """, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new QuotaLease(month, calls - callsBefore, spend - spendBefore, lapsed, expiresAt, limits);
        });
    }
}

/// <summary>
/// One round trip for a whole batch of calls (four statements, one transaction). Month rows, then lease
/// rows, are locked in key order, the same order renewals take them in, so concurrent batches and
/// renewals cannot deadlock.
/// </summary>
internal sealed class RecordQuotaUseHandler(UsersDbContext db, TimeProvider clock, IOptions<QuotaOptions> options)
    : ICommandHandler<RecordQuotaUse>
{
    public async ValueTask<Unit> Handle(RecordQuotaUse command, CancellationToken cancellationToken)
    {
        var uses = command.Uses
            .GroupBy(u => (u.UserId, u.Month))
            .Select(g => new QuotaUse(g.Key.UserId, g.Key.Month, g.Sum(u => u.Calls), g.Sum(u => u.SpendCents), g.Sum(u => u.ReservedCents)))
            .ToList();
        if (uses.Count == 0)
        {
            return Unit.Value;
        }

        // A batch command holds one statement with parameters of its own: each statement gets a set.
        var (users, months, calls, spend, reserved) = (uses.Select(u => u.UserId).ToArray(), uses.Select(u => u.Month).ToArray(),
            uses.Select(u => u.Calls).ToArray(), uses.Select(u => u.SpendCents).ToArray(), uses.Select(u => u.ReservedCents).ToArray());
        var expires = clock.GetUtcNow().AddSeconds(options.Value.LeaseSeconds);
        IEnumerable<NpgsqlParameter> Parameters() =>
        [
            SqlArrays.Parameter("users", users, NpgsqlDbType.Uuid),
            SqlArrays.Parameter("months", months, NpgsqlDbType.Date),
            SqlArrays.Parameter("calls", calls, NpgsqlDbType.Bigint),
            SqlArrays.Parameter("spend", spend, NpgsqlDbType.Bigint),
            SqlArrays.Parameter("reserved", reserved, NpgsqlDbType.Bigint),
            new NpgsqlParameter("holder", command.Holder),
            new NpgsqlParameter("expires", expires),
        ];

        const string Uses = "unnest(@users, @months, @calls, @spend, @reserved) AS u(user_id, month, calls, spend, reserved)";
        var writes = command.Batch ?? new WriteBatch();
        writes.Add($"""
            SELECT 1 FROM users.quota_usage q JOIN {Uses} ON q.user_id = u.user_id AND q.month = u.month
             ORDER BY q.user_id, q.month FOR UPDATE OF q
            """, Parameters());
        writes.Add($"""
            UPDATE users.quota_usage q SET calls = q.calls + u.calls, spend_cents = q.spend_cents + u.spend
              FROM {Uses} WHERE q.user_id = u.user_id AND q.month = u.month
            """, Parameters());
        writes.Add($"""
            SELECT 1 FROM users.quota_leases l JOIN {Uses} ON l.user_id = u.user_id AND l.month = u.month
             WHERE l.holder = @holder ORDER BY l.user_id, l.month FOR UPDATE OF l
            """, Parameters());
        writes.Add($"""
            UPDATE users.quota_leases l
               SET calls = greatest(0, l.calls - u.calls), spend_cents = greatest(0, l.spend_cents - u.reserved), expires_at = @expires
              FROM {Uses} WHERE l.holder = @holder AND l.user_id = u.user_id AND l.month = u.month
            """, Parameters());
        if (command.Batch is null)
        {
            await writes.ExecuteAsync(db.Database, cancellationToken);
        }

        return Unit.Value;
    }
}

internal sealed class ShrinkQuotaLeaseHandler(UsersDbContext db) : ICommandHandler<ShrinkQuotaLease>
{
    public async ValueTask<Unit> Handle(ShrinkQuotaLease command, CancellationToken cancellationToken)
    {
        var (user, month, holder) = (command.UserId, command.Month, command.Holder);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE users.quota_leases
               SET calls = greatest(0, calls - {command.Calls}), spend_cents = greatest(0, spend_cents - {command.SpendCents})
             WHERE user_id = {user} AND month = {month} AND holder = {holder};
            DELETE FROM users.quota_leases WHERE user_id = {user} AND month = {month} AND holder = {holder} AND calls = 0 AND spend_cents = 0;
            """, cancellationToken);
        return Unit.Value;
    }
}
