using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>The user's deployments that are not stopped, oldest first, with what their live revision runs.</summary>
public sealed record GetLiveDeployments(Guid UserId) : IQuery<IReadOnlyList<LiveDeploymentSummary>>;

/// <summary>
/// A running deployment: the agent and version its live revision runs, in which environment, and the
/// names of the capabilities that revision can be called with.
/// </summary>
public sealed record LiveDeploymentSummary(
    Guid DeploymentId, Guid AgentId, string AgentSlug, string Environment, string Version, int Revision, string Status,
    IReadOnlyList<string> Capabilities);
