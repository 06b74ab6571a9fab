using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>How reliable each version of an agent has been in real calls through the gateway (only versions with calls in the last 30 days).</summary>
public sealed record GetAgentReliability(Guid AgentId) : IQuery<IReadOnlyList<VersionReliability>>;

/// <summary>
/// A version's figures over the last 7 and 30 UTC days (today included); each null below the minimum of calls
/// (<c>Deployment:ReliabilityMinimumCalls</c>).
/// </summary>
public sealed record VersionReliability(Guid AgentId, string Version, ReliabilityFigures? Last7Days, ReliabilityFigures? Last30Days);

/// <summary>
/// Calls that count (successful, billable ones and those the agent failed: errors, garbage, timeouts; never a
/// caller's 4xx, which never reaches the agent, nor calls an open circuit refused), the share that succeeded,
/// and the latency of the successful ones, from a log-scale histogram (within ±10%).
/// </summary>
public sealed record ReliabilityFigures(long Calls, double SuccessRate, int P50LatencyMs, int P95LatencyMs);

/// <summary>
/// Versions' reliability changed (after calls, or as days slide out of the windows). Announced at most once,
/// after the callers are answered; <paramref name="ComputedAt"/> lets a subscriber ignore figures older than its own.
/// </summary>
public sealed record AgentVersionReliabilityChanged(IReadOnlyList<VersionReliability> Versions, DateTimeOffset ComputedAt) : INotification;
