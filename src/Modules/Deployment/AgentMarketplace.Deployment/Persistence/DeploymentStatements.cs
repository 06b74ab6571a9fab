using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Deployment.Persistence;

internal static class DeploymentStatements
{
    /// <summary>Whether this transaction holds the health-probe round's lock (false: another instance is probing).</summary>
    public static Task<bool> TryLockProbeRoundAsync(DeploymentDbContext db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(@key) AS \"Value\"", new NpgsqlParameter("key", AdvisoryLockKeys.HealthProbeRound))
            .SingleAsync(ct);

    /// <summary>This module's copy of the agent's latest deployable version, inserted or replaced.</summary>
    public static Task<int> RememberLatestVersionAsync(
        DeploymentDbContext db, Guid agentId, string? latestVersion, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO deployment.known_agent_versions (agent_id, latest_version, updated_at)
            VALUES (@agent, @version, @now)
            ON CONFLICT (agent_id) DO UPDATE SET latest_version = EXCLUDED.latest_version, updated_at = EXCLUDED.updated_at
            """,
            [
                new NpgsqlParameter("agent", agentId), new NpgsqlParameter("version", NpgsqlDbType.Text) { Value = (object?)latestVersion ?? DBNull.Value },
                new NpgsqlParameter("now", now),
            ], ct);
}
