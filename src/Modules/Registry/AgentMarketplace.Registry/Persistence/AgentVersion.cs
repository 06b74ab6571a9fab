using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Registry.Persistence;

internal static class VersionStatus
{
    public const string Unverified = "unverified";
    public const string Verified = "verified";
    public const string Failed = "failed";

    /// <summary>
    /// Was verified, and its latest verification (a publisher's or the scheduled one) failed: still shown to
    /// everyone with the reason, and its deployments keep running, but it cannot be newly deployed and is
    /// not the latest version until a verification passes again.
    /// </summary>
    public const string Failing = "failing";
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
    /// <summary>When the last verification (of any outcome) ended: `lastVerifiedAt`.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }
    /// <summary>When a verification first passed: from then on consumers may depend on it (released).</summary>
    public DateTimeOffset? FirstVerifiedAt { get; set; }
    /// <summary>The live tools (mcp) or agent card (a2a) no longer match the capabilities, as the last verification that could look found.</summary>
    public bool Drifted { get; set; }
    public string? DriftReason { get; set; }
    /// <summary>When the scheduled re-verification looks at this version next; null when it is not scheduled.</summary>
    public DateTimeOffset? NextReverificationAt { get; set; }
    /// <summary>JSON (jsonb) <see cref="Verification.VerificationReport"/> of the last verification.</summary>
    public string? Verification { get; set; }
    /// <summary>Set while a verification runs (by any instance), until when it may take: one runs at a time.</summary>
    public DateTimeOffset? VerifyingUntil { get; set; }
    public DateTimeOffset? DeprecatedAt { get; set; }
    public string? DeprecationReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public bool IsDeprecated => DeprecatedAt is not null;

    /// <summary>Shown to everyone: it passed verification and still does, or is failing now (shown with why).</summary>
    public bool IsPublic => Status is VersionStatus.Verified or VersionStatus.Failing;

    /// <summary>What the platform speaks to this version through (<see cref="AgentProtocols.Binding"/>).</summary>
    public string Binding => AgentProtocols.Binding(Protocol, ProtocolVersion);
}
