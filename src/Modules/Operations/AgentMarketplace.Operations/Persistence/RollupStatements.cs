using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Operations.Persistence;

/// <summary>
/// The roll-ups' SQL: upserts that add to their row, creating it as needed (so notifications may come in any
/// order), and the count of active users over the months' day bitmaps.
/// </summary>
internal static class RollupStatements
{
    /// <summary>Marks each caller's day in the month's bitmap of active days.</summary>
    public static Task AddActiveDaysAsync(OperationsDbContext db, IReadOnlyList<(DateOnly Day, Guid UserId)> callers, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.monthly_active_users AS m (month, user_id, days)
            SELECT date_trunc('month', day)::date, user_id, bit_or(1 << (extract(day FROM day)::int - 1))
              FROM unnest(@days, @users) AS called(day, user_id)
             GROUP BY 1, 2
             ORDER BY 1, 2
            ON CONFLICT (month, user_id) DO UPDATE SET days = m.days | excluded.days
            """,
            [
                new NpgsqlParameter("days", callers.Select(c => c.Day).ToArray()),
                new NpgsqlParameter("users", callers.Select(c => c.UserId).ToArray()),
            ], ct);

    public static Task RememberOwnerAsync(OperationsDbContext db, Guid agentId, Guid publisherId, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.agent_owners (agent_id, publisher_id) VALUES (@agent, @publisher)
            ON CONFLICT (agent_id) DO UPDATE SET publisher_id = excluded.publisher_id
            """, [new NpgsqlParameter("agent", agentId), new NpgsqlParameter("publisher", publisherId)], ct);

    public static Task AddTotalsAsync(OperationsDbContext db, DateOnly day, long newUsers, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.daily_totals AS t (day, new_users, invocations, errors, gross_cents, platform_fee_cents, net_cents)
            VALUES (@day, @newUsers, @invocations, @errors, @gross, @fee, @net)
            ON CONFLICT (day) DO UPDATE SET
                new_users = t.new_users + excluded.new_users, invocations = t.invocations + excluded.invocations,
                errors = t.errors + excluded.errors, gross_cents = t.gross_cents + excluded.gross_cents,
                platform_fee_cents = t.platform_fee_cents + excluded.platform_fee_cents, net_cents = t.net_cents + excluded.net_cents
            """,
            [
                new NpgsqlParameter("day", day), new NpgsqlParameter("newUsers", newUsers), new NpgsqlParameter("invocations", invocations),
                new NpgsqlParameter("errors", errors), new NpgsqlParameter("gross", gross), new NpgsqlParameter("fee", fee), new NpgsqlParameter("net", net),
            ], ct);

    public static Task AddAgentAsync(OperationsDbContext db, DateOnly day, Guid agentId, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.daily_agent_totals AS t (day, agent_id, invocations, errors, gross_cents, platform_fee_cents, net_cents)
            VALUES (@day, @agent, @invocations, @errors, @gross, @fee, @net)
            ON CONFLICT (day, agent_id) DO UPDATE SET
                invocations = t.invocations + excluded.invocations, errors = t.errors + excluded.errors,
                gross_cents = t.gross_cents + excluded.gross_cents, platform_fee_cents = t.platform_fee_cents + excluded.platform_fee_cents,
                net_cents = t.net_cents + excluded.net_cents
            """,
            [
                new NpgsqlParameter("day", day), new NpgsqlParameter("agent", agentId), new NpgsqlParameter("invocations", invocations),
                new NpgsqlParameter("errors", errors), new NpgsqlParameter("gross", gross), new NpgsqlParameter("fee", fee), new NpgsqlParameter("net", net),
            ], ct);

    /// <summary>Users active on at least one day of [<paramref name="from"/>, <paramref name="to"/>]: each month's day bits masked to the range.</summary>
    public static async Task<long> CountActiveUsersAsync(OperationsDbContext db, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var firstMonth = new DateOnly(from.Year, from.Month, 1);
        return await db.Database.SqlQueryRaw<long>("""
            SELECT count(DISTINCT user_id) AS "Value"
              FROM operations.monthly_active_users m
             WHERE m.month BETWEEN @firstMonth AND @to
               AND m.days::bigint
                   & ((1::bigint << extract(day FROM least(@to, (m.month + interval '1 month - 1 day')::date))::int)
                      - (1::bigint << (extract(day FROM greatest(@from, m.month))::int - 1))) <> 0
            """,
            new NpgsqlParameter("firstMonth", firstMonth), new NpgsqlParameter("from", from), new NpgsqlParameter("to", to)).SingleAsync(ct);
    }
}
