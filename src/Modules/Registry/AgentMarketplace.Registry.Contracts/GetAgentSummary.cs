using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>Who owns an agent and whether it has a verified version; null when there is no such agent.</summary>
public sealed record GetAgentSummary(Guid AgentId) : IQuery<AgentSummaryAnswer?>;

public sealed record AgentSummaryAnswer(Guid AgentId, Guid OwnerId, string Slug, string Name, bool HasVerifiedVersion);
