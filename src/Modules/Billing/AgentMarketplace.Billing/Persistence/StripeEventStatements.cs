using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

internal static class StripeEventStatements
{
    /// <summary>Records a webhook event once: 1 the first time, 0 for a redelivery (already applied).</summary>
    public static Task<int> RecordAsync(BillingDbContext db, string eventId, string type, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO billing.stripe_events (event_id, type, received_at) VALUES (@id, @type, @now)
            ON CONFLICT (event_id) DO NOTHING
            """,
            [new NpgsqlParameter("id", eventId), new NpgsqlParameter("type", type), new NpgsqlParameter("now", now)], ct);
}
