using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>Whose a deployment is and what it runs; null when there is no such deployment.</summary>
public sealed record GetDeploymentSummary(Guid DeploymentId) : IQuery<DeploymentSummary?>;

/// <summary><paramref name="Capabilities"/>: the names of what the live revision can do.</summary>
public sealed record DeploymentSummary(Guid DeploymentId, Guid AgentId, Guid UserId, string Version, bool Stopped, IReadOnlyList<string> Capabilities);
