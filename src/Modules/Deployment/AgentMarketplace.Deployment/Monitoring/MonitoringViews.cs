namespace AgentMarketplace.Deployment.Monitoring;

internal sealed record LatencyPercentiles(double P50, double P95, double P99);

/// <summary><see cref="CappedClaims"/>: calls whose agent claimed more units than were reserved, charged only those.</summary>
internal sealed record WindowStats(long Requests, long Errors, double ErrorRate, LatencyPercentiles LatencyMs, long CappedClaims);

/// <summary>One hour's calls (the hour's start, UTC): how many, how many failed, and their latency percentiles.</summary>
internal sealed record HourlyLatency(DateTimeOffset Hour, long Requests, long Errors, double P50, double P95);

internal sealed record RecentError(DateTimeOffset Time, int Status, string Capability, string? Message);

internal sealed record HealthChangeView(DateTimeOffset At, string From, string To, string? Error);

internal sealed record HealthView(string Status, string? LastError, DateTimeOffset? LastCheckedAt, IReadOnlyList<HealthChangeView> Changes);

/// <summary>
/// A deployment's health and traffic. The top-level figures cover the last hour; <see cref="Last24Hours"/>
/// the last day, and <see cref="LatencyByHour"/> the same day hour by hour (only hours with calls, oldest
/// first). Percentiles are exact (PostgreSQL's percentile_cont over the window's calls).
/// </summary>
internal sealed record MonitoringView(
    string Status, HealthView Health, long Requests, long Errors, double ErrorRate, LatencyPercentiles LatencyMs,
    WindowStats Last24Hours, RecentError? LastError, IReadOnlyList<RecentError> RecentErrors, long CappedClaims,
    IReadOnlyList<HourlyLatency> LatencyByHour);
