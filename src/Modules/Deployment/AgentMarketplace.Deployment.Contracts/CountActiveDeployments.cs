using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>Deployments not stopped, per environment; of the given agents only, or of all when null.</summary>
public sealed record CountActiveDeployments(IReadOnlyList<Guid>? AgentIds) : IQuery<IReadOnlyDictionary<string, int>>;
