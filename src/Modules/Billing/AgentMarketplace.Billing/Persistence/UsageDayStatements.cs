using AgentMarketplace.Billing.Usage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>A user's billable calls and units per UTC day, for the usage report's <c>days</c>: one grouped read of the (user, time) index.</summary>
internal static class UsageDayStatements
{
    /// <summary>The days of [<paramref name="from"/>, <paramref name="to"/>) with usage, in order; days without any are left out.</summary>
    public static async Task<List<UsageDay>> ReadAsync(BillingDbContext db, Guid userId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<DayRow>("""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date AS date, count(*) AS calls, coalesce(sum(units), 0)::bigint AS units
              FROM billing.usage_events
             WHERE user_id = @user AND billable AND occurred_at >= @from AND occurred_at < @to
             GROUP BY 1
             ORDER BY 1
            """, new NpgsqlParameter("user", userId), new NpgsqlParameter("from", from), new NpgsqlParameter("to", to)).ToListAsync(ct);
        return rows.ConvertAll(r => new UsageDay(r.Date, r.Calls, r.Units));
    }

    /// <summary>A row of the query (columns named as the model names them: snake_case).</summary>
    internal sealed class DayRow
    {
        public DateOnly Date { get; init; }
        public long Calls { get; init; }
        public long Units { get; init; }
    }
}
