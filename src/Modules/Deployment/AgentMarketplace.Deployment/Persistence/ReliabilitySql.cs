namespace AgentMarketplace.Deployment.Persistence;

/// <summary>The one statement reliability needs beyond EF: adding a batch of calls to the daily histograms.</summary>
internal static class ReliabilitySql
{
    /// <summary>
    /// Adds @successes and @failures to the rows (@agents, @versions, @days, @buckets), creating them as needed.
    /// Callers pass one row per key, in key order, so concurrent writers lock rows in the same order.
    /// </summary>
    public const string AddCalls = """
        INSERT INTO deployment.version_call_stats (agent_id, version, day, bucket, successes, failures)
        SELECT * FROM unnest(@agents, @versions, @days, @buckets, @successes, @failures)
        ON CONFLICT (agent_id, version, day, bucket) DO UPDATE
           SET successes = version_call_stats.successes + excluded.successes,
               failures = version_call_stats.failures + excluded.failures
        """;
}
