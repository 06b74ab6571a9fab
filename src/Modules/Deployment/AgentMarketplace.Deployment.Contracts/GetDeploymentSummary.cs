using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>Whose a deployment is and what it runs; null when there is no such deployment.</summary>
public sealed record GetDeploymentSummary(Guid DeploymentId) : IQuery<DeploymentSummary?>;

public sealed record DeploymentSummary(Guid DeploymentId, Guid AgentId, Guid UserId, string Version, bool Stopped);
