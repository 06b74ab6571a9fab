using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// A version's capability verification finished. <paramref name="LatestVersion"/> is the agent's
/// latest deployable version afterwards (highest verified, non-deprecated, non-pre-release), if any.
/// </summary>
public sealed record AgentVersionVerified(
    Guid AgentId, string Version, bool Verified, string? LatestVersion, DateTimeOffset VerifiedAt) : INotification;
