using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>A new version of an agent was registered (not yet necessarily verified).</summary>
public sealed record AgentVersionPublished(
    Guid AgentId, string Slug, string Version, bool IsPreRelease, DateTimeOffset PublishedAt) : INotification;
