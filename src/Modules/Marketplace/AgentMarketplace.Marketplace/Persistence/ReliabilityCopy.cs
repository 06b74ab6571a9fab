using AgentMarketplace.Deployment.Contracts;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Marketplace.Persistence;

/// <summary>
/// Search's copy of reliability: every version's 7-day figures as Deployment announces them, and on each listing
/// its latest version's (a denormalized column set, like popularity, so a search never joins for them).
/// </summary>
internal sealed class ReliabilityCopy(MarketplaceDbContext db)
{
    public async Task StoreAsync(IReadOnlyList<VersionReliability> versions, DateTimeOffset computedAt, CancellationToken ct)
    {
        // One row per version, in key order: concurrent announcements lock rows in the same order.
        var rows = versions.DistinctBy(v => (v.AgentId, v.Version))
            .OrderBy(v => v.AgentId).ThenBy(v => v.Version, StringComparer.Ordinal)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await db.Database.ExecuteSqlRawAsync(ReliabilitySql.StoreVersions,
        [
            new NpgsqlParameter("agents", rows.Select(r => r.AgentId).ToArray()),
            new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Version).ToArray() },
            new NpgsqlParameter("calls", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.Last7Days?.Calls).ToArray() },
            new NpgsqlParameter("rates", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = rows.Select(r => r.Last7Days?.SuccessRate).ToArray() },
            new NpgsqlParameter("p50s", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Last7Days?.P50LatencyMs).ToArray() },
            new NpgsqlParameter("p95s", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Last7Days?.P95LatencyMs).ToArray() },
            new NpgsqlParameter("computedAt", computedAt),
        ], ct);
        await RefreshListingsAsync(rows.Select(r => r.AgentId).Distinct().ToArray(), ct);
    }

    /// <summary>The listings of <paramref name="agentIds"/> take their latest version's figures (after new figures, or a new latest version).</summary>
    public Task RefreshListingsAsync(Guid[] agentIds, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(ReliabilitySql.RefreshListings, [new NpgsqlParameter("agents", agentIds)], ct);
}
