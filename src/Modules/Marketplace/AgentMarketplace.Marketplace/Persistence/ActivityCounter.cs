using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Marketplace.Persistence;

internal sealed record ActivityCount(Guid AgentId, DateOnly Day, long Deployments, long Invocations);

/// <summary>
/// Popularity: deployments plus invocations over the last <see cref="WindowDays"/> days, from daily
/// counters. Counting refreshes the counted agents' listings at once; <see cref="RefreshAllAsync"/>
/// (the maintenance job) lets days slide out of the window.
/// </summary>
internal sealed class ActivityCounter(MarketplaceDbContext db, TimeProvider clock)
{
    public const int WindowDays = 30;

    public async Task AddAsync(IReadOnlyList<ActivityCount> counts, CancellationToken ct)
    {
        if (counts.Count == 0)
        {
            return;
        }

        // One row per (agent, day), in key order, so concurrent counters lock rows in the same order.
        var rows = counts.GroupBy(c => (c.AgentId, c.Day))
            .Select(g => new ActivityCount(g.Key.AgentId, g.Key.Day, g.Sum(c => c.Deployments), g.Sum(c => c.Invocations)))
            .OrderBy(c => c.AgentId).ThenBy(c => c.Day)
            .ToList();
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO marketplace.agent_activity (agent_id, day, deployments, invocations)
            SELECT * FROM unnest(@agents, @days, @deployments, @invocations)
            ON CONFLICT (agent_id, day) DO UPDATE
               SET deployments = agent_activity.deployments + excluded.deployments,
                   invocations = agent_activity.invocations + excluded.invocations
            """,
            [
                new NpgsqlParameter("agents", rows.Select(r => r.AgentId).ToArray()),
                new NpgsqlParameter("days", rows.Select(r => r.Day).ToArray()),
                new NpgsqlParameter("deployments", rows.Select(r => r.Deployments).ToArray()),
                new NpgsqlParameter("invocations", rows.Select(r => r.Invocations).ToArray()),
            ], ct);
        await RefreshAsync(rows.Select(r => r.AgentId).Distinct().ToArray(), ct);
    }

    public Task RefreshAllAsync(CancellationToken ct) => RefreshAsync(null, ct);

    public async Task<long> PopularityOfAsync(Guid agentId, CancellationToken ct)
    {
        var since = WindowStart();
        return await db.Activity.Where(a => a.AgentId == agentId && a.Day >= since).SumAsync(a => a.Deployments + a.Invocations, ct);
    }

    private async Task RefreshAsync(Guid[]? agents, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE marketplace.listings l
               SET popularity = fresh.popularity
              FROM (SELECT l2.id,
                           coalesce((SELECT sum(a.deployments + a.invocations) FROM marketplace.agent_activity a
                                      WHERE a.agent_id = l2.agent_id AND a.day >= @since), 0) AS popularity
                      FROM marketplace.listings l2
                     WHERE @agents IS NULL OR l2.agent_id = ANY(@agents)) fresh
             WHERE l.id = fresh.id AND l.popularity IS DISTINCT FROM fresh.popularity
            """,
            [
                new NpgsqlParameter("since", WindowStart()),
                new NpgsqlParameter("agents", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Uuid) { Value = (object?)agents ?? DBNull.Value },
            ], ct);
    }

    private DateOnly WindowStart() => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-(WindowDays - 1));
}
