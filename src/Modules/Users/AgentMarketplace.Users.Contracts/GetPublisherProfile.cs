using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>The public face of a user who publishes: shown as an agent's owner. Null for unknown users.</summary>
public sealed record GetPublisherProfile(Guid UserId) : IQuery<PublisherProfile?>;

public sealed record PublisherProfile(Guid UserId, string DisplayName, string? PublisherName);
