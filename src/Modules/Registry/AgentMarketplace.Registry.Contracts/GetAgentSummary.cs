using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>What other modules may know about an agent; null when there is no such agent.</summary>
public sealed record GetAgentSummary(Guid AgentId) : IQuery<AgentSummaryAnswer?>;

/// <summary>
/// An agent as the catalog shows it. <paramref name="LatestVersion"/> is its latest deployable
/// version (highest verified, non-deprecated, non-pre-release), and <paramref name="CapabilityNames"/>
/// are that version's capabilities (none without one).
/// </summary>
public sealed record AgentSummaryAnswer(
    Guid AgentId, Guid OwnerId, string Slug, string Name, string Description,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tags,
    bool HasVerifiedVersion, string? LatestVersion, IReadOnlyList<string> CapabilityNames);
