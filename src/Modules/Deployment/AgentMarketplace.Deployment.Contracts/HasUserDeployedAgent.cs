using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>Whether the user has ever deployed the agent (a stopped deployment still counts).</summary>
public sealed record HasUserDeployedAgent(Guid UserId, Guid AgentId) : IQuery<bool>;
