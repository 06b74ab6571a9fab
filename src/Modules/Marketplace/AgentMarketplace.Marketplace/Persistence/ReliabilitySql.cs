namespace AgentMarketplace.Marketplace.Persistence;

/// <summary>The statements that keep versions' reliability and the listings' copy of their latest version's.</summary>
internal static class ReliabilitySql
{
    /// <summary>
    /// Stores the figures (@agents, @versions, @calls, @rates, @p50s, @p95s, one row per version) computed at
    /// @computedAt, unless figures computed later are already there.
    /// </summary>
    public const string StoreVersions = """
        INSERT INTO marketplace.version_reliability (agent_id, version, calls, success_rate, p50latency_ms, p95latency_ms, computed_at)
        SELECT agent_id, version, calls, success_rate, p50, p95, @computedAt
          FROM unnest(@agents, @versions, @calls, @rates, @p50s, @p95s) AS r(agent_id, version, calls, success_rate, p50, p95)
        ON CONFLICT (agent_id, version) DO UPDATE
           SET calls = excluded.calls, success_rate = excluded.success_rate, p50latency_ms = excluded.p50latency_ms,
               p95latency_ms = excluded.p95latency_ms, computed_at = excluded.computed_at
         WHERE version_reliability.computed_at <= excluded.computed_at
        """;

    /// <summary>Gives the listings of @agents their latest version's figures (none when it has none), writing only rows that change.</summary>
    public const string RefreshListings = """
        UPDATE marketplace.listings l
           SET reliability_calls = fresh.calls, reliability_success_rate = fresh.success_rate,
               reliability_p50ms = fresh.p50latency_ms, reliability_p95ms = fresh.p95latency_ms
          FROM (SELECT l2.id, r.calls, r.success_rate, r.p50latency_ms, r.p95latency_ms
                  FROM marketplace.listings l2
                  LEFT JOIN marketplace.version_reliability r ON r.agent_id = l2.agent_id AND r.version = l2.latest_version
                 WHERE l2.agent_id = ANY(@agents)) fresh
         WHERE l.id = fresh.id
           AND (l.reliability_calls, l.reliability_success_rate, l.reliability_p50ms, l.reliability_p95ms)
               IS DISTINCT FROM (fresh.calls, fresh.success_rate, fresh.p50latency_ms, fresh.p95latency_ms)
        """;
}
