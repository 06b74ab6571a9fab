using AgentMarketplace.Billing.Usage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>A user's billable calls and units per UTC day, for the usage report's <c>days</c>: one grouped read of the (user, time) index.</summary>
internal static class UsageDayStatements
{
    private const string PerDay = """
        SELECT (occurred_at AT TIME ZONE 'UTC')::date, count(*), coalesce(sum(units), 0)::bigint
          FROM billing.usage_events
         WHERE user_id = @user AND billable AND occurred_at >= @from AND occurred_at < @to
         GROUP BY 1
         ORDER BY 1
        """;

    /// <summary>The days of [<paramref name="from"/>, <paramref name="to"/>) with usage, in order; days without any are left out.</summary>
    public static async Task<List<UsageDay>> ReadAsync(BillingDbContext db, Guid userId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var days = new List<UsageDay>();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = PerDay;
            command.Parameters.Add(new NpgsqlParameter("user", userId));
            command.Parameters.Add(new NpgsqlParameter("from", from));
            command.Parameters.Add(new NpgsqlParameter("to", to));
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                days.Add(new UsageDay(reader.GetFieldValue<DateOnly>(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return days;
    }
}
