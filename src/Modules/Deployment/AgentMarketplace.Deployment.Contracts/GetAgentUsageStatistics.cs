using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>How an agent is used across all its deployments: calls since <paramref name="Since"/>, deployments now.</summary>
public sealed record GetAgentUsageStatistics(Guid AgentId, DateTimeOffset Since) : IQuery<AgentUsageStatistics>;

/// <summary>
/// <paramref name="ErrorRate"/> is errors / invocations (0 without calls); the latency is an exact percentile.
/// <paramref name="CappedClaims"/>: calls whose agent claimed more units than the call was charged for.
/// </summary>
public sealed record AgentUsageStatistics(
    int ActiveDeployments, long Invocations, long Errors, double ErrorRate, double P95LatencyMs, long CappedClaims);
