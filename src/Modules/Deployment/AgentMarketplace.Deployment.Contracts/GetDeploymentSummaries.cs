using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>
/// <see cref="GetDeploymentSummary"/> for many deployments in one query (batched usage reports);
/// ids with no deployment are absent from the answer.
/// </summary>
public sealed record GetDeploymentSummaries(IReadOnlyList<Guid> DeploymentIds) : IQuery<IReadOnlyList<DeploymentSummary>>;
