using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// What a deployment of <paramref name="AgentId"/> at <paramref name="Version"/> (default: the latest
/// deployable version) would run, or why it cannot. Another user's draft agent is not found.
/// </summary>
public sealed record GetDeployableVersion(Guid AgentId, string? Version, Guid RequesterId) : IQuery<DeployableVersionAnswer>;

public enum DeployRefusal
{
    AgentNotFound,
    VersionNotFound,
    NotVerified,
    Deprecated,
    NoDeployableVersion,
}

public sealed record DeployableVersionAnswer(DeployableVersion? Version, DeployRefusal? Refusal, string? Reason)
{
    public static DeployableVersionAnswer Refused(DeployRefusal refusal, string reason) => new(null, refusal, reason);
}

/// <summary>
/// A version ready to run. <paramref name="Protocol"/> is the binding to speak it through: the protocol,
/// qualified by the A2A version where that changes the wire ("http-json", "a2a" for A2A 0.3, "a2a/1.0", "mcp").
/// </summary>
public sealed record DeployableVersion(
    Guid AgentId, string Slug, string Version, string EndpointUrl, string Protocol,
    IReadOnlyList<DeployableCapability> Capabilities, string? LatestVersion);

/// <summary>A capability as the gateway needs it: JSON text of the input schema and of one example input.</summary>
public sealed record DeployableCapability(string Name, string InputSchema, string? ExampleInput);
