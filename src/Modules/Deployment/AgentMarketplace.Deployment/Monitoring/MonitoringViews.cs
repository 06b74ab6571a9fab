namespace AgentMarketplace.Deployment.Monitoring;

internal sealed record LatencyPercentiles(double P50, double P95, double P99);

/// <summary><see cref="CappedClaims"/>: calls whose agent claimed more units than were reserved, charged only those.</summary>
internal sealed record WindowStats(long Requests, long Errors, double ErrorRate, LatencyPercentiles LatencyMs, long CappedClaims);

internal sealed record RecentError(DateTimeOffset Time, int Status, string Capability, string? Message);

internal sealed record HealthChangeView(DateTimeOffset At, string From, string To, string? Error);

internal sealed record HealthView(string Status, string? LastError, DateTimeOffset? LastCheckedAt, IReadOnlyList<HealthChangeView> Changes);

/// <summary>
/// A deployment's health and traffic. The top-level figures cover the last hour; <see cref="Last24Hours"/>
/// the last day. Percentiles are exact (PostgreSQL's percentile_cont over the window's calls).
/// </summary>
internal sealed record MonitoringView(
    string Status, HealthView Health, long Requests, long Errors, double ErrorRate, LatencyPercentiles LatencyMs,
    WindowStats Last24Hours, RecentError? LastError, IReadOnlyList<RecentError> RecentErrors, long CappedClaims);
