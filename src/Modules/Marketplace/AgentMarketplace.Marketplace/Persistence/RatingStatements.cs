using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Marketplace.Persistence;

internal static class RatingStatements
{
    /// <summary>
    /// Adds <paramref name="count"/>, <paramref name="sum"/> and the per-star changes (1 to 5 stars) to the
    /// agent's aggregate row under its lock, and copies the totals onto the listing, in one statement.
    /// </summary>
    public static Task MoveAsync(MarketplaceDbContext db, Guid agentId, int count, long sum, int[] starDeltas, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            WITH moved AS (
                INSERT INTO marketplace.agent_ratings AS r (agent_id, count, sum, stars1, stars2, stars3, stars4, stars5)
                VALUES (@agent, @count, @sum, @s1, @s2, @s3, @s4, @s5)
                ON CONFLICT (agent_id) DO UPDATE
                   SET count = r.count + excluded.count, sum = r.sum + excluded.sum,
                       stars1 = r.stars1 + excluded.stars1, stars2 = r.stars2 + excluded.stars2, stars3 = r.stars3 + excluded.stars3,
                       stars4 = r.stars4 + excluded.stars4, stars5 = r.stars5 + excluded.stars5
                RETURNING r.count, r.sum)
            UPDATE marketplace.listings l SET rating_count = moved.count, rating_sum = moved.sum
              FROM moved WHERE l.agent_id = @agent
            """,
            [
                new NpgsqlParameter("agent", agentId), new NpgsqlParameter("count", count), new NpgsqlParameter("sum", sum),
                new NpgsqlParameter("s1", starDeltas[0]), new NpgsqlParameter("s2", starDeltas[1]), new NpgsqlParameter("s3", starDeltas[2]),
                new NpgsqlParameter("s4", starDeltas[3]), new NpgsqlParameter("s5", starDeltas[4]),
            ], ct);
}
