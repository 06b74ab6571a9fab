using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Deployment.Persistence;

/// <summary>The one statement reliability needs beyond EF: adding a batch of calls to the daily histograms.</summary>
internal static class ReliabilitySql
{
    /// <summary>
    /// Adds @successes and @failures to the rows (@agents, @versions, @days, @buckets), creating them as needed.
    /// Callers pass one row per key, in key order, so concurrent writers lock rows in the same order.
    /// </summary>
    private const string AddCalls = """
        INSERT INTO deployment.version_call_stats (agent_id, version, day, bucket, successes, failures)
        SELECT * FROM unnest(@agents, @versions, @days, @buckets, @successes, @failures)
        ON CONFLICT (agent_id, version, day, bucket) DO UPDATE
           SET successes = version_call_stats.successes + excluded.successes,
               failures = version_call_stats.failures + excluded.failures
        """;

    public static Task AddCallsAsync(
        DeploymentDbContext db, IReadOnlyList<(Guid AgentId, string Version, DateOnly Day, short Bucket, long Successes, long Failures)> rows,
        CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(AddCalls,
        [
            new NpgsqlParameter("agents", rows.Select(r => r.AgentId).ToArray()),
            new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Version).ToArray() },
            new NpgsqlParameter("days", rows.Select(r => r.Day).ToArray()),
            new NpgsqlParameter("buckets", rows.Select(r => r.Bucket).ToArray()),
            new NpgsqlParameter("successes", rows.Select(r => r.Successes).ToArray()),
            new NpgsqlParameter("failures", rows.Select(r => r.Failures).ToArray()),
        ], ct);
}
