using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>
/// The user's latest successful call to the agent through the gateway (any of their deployments, stopped
/// ones too, within the invocation records' retention); null when there is none.
/// </summary>
public sealed record GetAgentUse(Guid UserId, Guid AgentId) : IQuery<AgentUse?>;

/// <summary>The version that answered the latest successful call, and when it did.</summary>
public sealed record AgentUse(string Version, DateTimeOffset LastSuccessAt);
