using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Registry.Persistence;

internal static class VersionStatus
{
    public const string Unverified = "unverified";
    public const string Verified = "verified";
    public const string Failed = "failed";
}

/// <summary>
/// One published version. Its number, endpoint, protocol, changelog and capabilities never change
/// once created; only its verification outcome and deprecation do.
/// </summary>
internal sealed class AgentVersion
{
    public Guid Id { get; init; }
    public Guid AgentId { get; init; }
    public required string Version { get; init; }
    public bool IsPreRelease { get; init; }
    public required string EndpointUrl { get; init; }
    public required string Protocol { get; init; }
    /// <summary>The A2A version an a2a version speaks ("0.3" or "1.0"); null for other protocols.</summary>
    public string? ProtocolVersion { get; init; }
    public string? Changelog { get; init; }
    /// <summary>JSON (jsonb) array of <see cref="Versions.CapabilityDefinition"/>.</summary>
    public required string Capabilities { get; init; }
    public string Status { get; set; } = VersionStatus.Unverified;
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>JSON (jsonb) <see cref="Verification.VerificationReport"/> of the last verification.</summary>
    public string? Verification { get; set; }
    /// <summary>Set while a verification runs (by any instance), until when it may take: one runs at a time.</summary>
    public DateTimeOffset? VerifyingUntil { get; set; }
    public DateTimeOffset? DeprecatedAt { get; set; }
    public string? DeprecationReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsDeprecated => DeprecatedAt is not null;

    /// <summary>What the platform speaks to this version through (<see cref="AgentProtocols.Binding"/>).</summary>
    public string Binding => AgentProtocols.Binding(Protocol, ProtocolVersion);
}
