using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

internal static class IdempotencyKeyStatements
{
    /// <summary>
    /// Claims (user, scope, key) for a request with <paramref name="hash"/>: a new key, or one last used
    /// before <paramref name="expired"/>, is taken (1); a key in use is left as it is (0).
    /// </summary>
    public static Task<int> ClaimAsync(
        BillingDbContext db, Guid userId, string scope, string key, string hash, DateTimeOffset now, DateTimeOffset expired, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO billing.idempotency_keys (user_id, scope, key, request_hash, created_at)
            VALUES (@user, @scope, @key, @hash, @now)
            ON CONFLICT (user_id, scope, key) DO UPDATE
               SET request_hash = excluded.request_hash, created_at = excluded.created_at, response_status = NULL, response_body = NULL, completed_at = NULL
             WHERE idempotency_keys.created_at < @expired
            """,
            [
                new NpgsqlParameter("user", userId), new NpgsqlParameter("scope", scope), new NpgsqlParameter("key", key),
                new NpgsqlParameter("hash", hash), new NpgsqlParameter("now", now),
                new NpgsqlParameter("expired", expired),
            ], ct);
}
