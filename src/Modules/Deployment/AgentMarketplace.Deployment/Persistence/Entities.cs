using AgentMarketplace.BuildingBlocks.Paging;

namespace AgentMarketplace.Deployment.Persistence;

internal static class DeploymentStatus
{
    public const string Provisioning = "provisioning";
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Stopped = "stopped";
}

/// <summary>Whether a deployment follows new versions by itself (`autoUpdate`).</summary>
internal static class AutoUpdateModes
{
    public const string None = "none";

    /// <summary>Moves to each newly verified version on its major line that breaks nothing of the one it runs.</summary>
    public const string Compatible = "compatible";

    public static readonly IReadOnlyList<string> All = [None, Compatible];
}

internal sealed class AgentDeployment : IKeysetRow
{
    public Guid Id { get; init; }
    public Guid OwnerId { get; init; }
    public Guid AgentId { get; init; }
    public required string AgentSlug { get; init; }
    public required string Environment { get; init; }
    public required string Runtime { get; init; }
    public string Status { get; set; } = DeploymentStatus.Provisioning;
    /// <summary>The revision requests are routed to; exactly one at a time.</summary>
    public int LiveRevision { get; set; }
    public string? LastHealthError { get; set; }
    public DateTimeOffset? LastHealthCheckAt { get; set; }
    /// <summary>When the prober looks next; pushed out further while the deployment stays unhealthy.</summary>
    public DateTimeOffset NextProbeAt { get; set; }
    public int ConsecutiveProbeFailures { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary><see cref="AutoUpdateModes"/>.</summary>
    public string AutoUpdate { get; set; } = AutoUpdateModes.None;
    /// <summary>The version an automatic update last tried: not tried again, whatever came of it.</summary>
    public string? AutoUpdateVersion { get; set; }
    public DateTimeOffset? AutoUpdatedAt { get; set; }
    /// <summary>Why the last automatic update stayed on the old revision (its health check failed, or it was refused); null when it went live.</summary>
    public string? AutoUpdateError { get; set; }
    public uint RowVersion { get; set; }
    public List<DeploymentRevision> Revisions { get; init; } = [];
}

/// <summary>
/// One attempt to run a version with a config. Revisions are never changed after their health
/// check; going back means pointing <see cref="AgentDeployment.LiveRevision"/> at an older one.
/// </summary>
internal sealed class DeploymentRevision
{
    public Guid DeploymentId { get; init; }
    public int Number { get; init; }
    public required string Version { get; init; }
    public required string EndpointUrl { get; init; }
    /// <summary>The protocol binding the version is spoken through ("http-json", "a2a" for A2A 0.3, "a2a/1.0", "mcp").</summary>
    public required string Protocol { get; init; }
    /// <summary>JSON (jsonb) list of the version's capabilities: name, input schema, one example input.</summary>
    public required string Capabilities { get; init; }
    /// <summary>JSON (jsonb) config; secret values are stored encrypted (ASP.NET Core Data Protection).</summary>
    public required string Config { get; init; }
    public bool HealthCheckPassed { get; set; }
    public string? HealthCheckError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>Each agent's latest deployable version, as the Registry last announced it.</summary>
internal sealed class KnownAgentVersion
{
    public Guid AgentId { get; init; }
    public string? LatestVersion { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A deployment's health went from one status to another (probe, update or rollback).</summary>
internal sealed class HealthChange
{
    public long Id { get; init; }
    public Guid DeploymentId { get; init; }
    public required string From { get; init; }
    public required string To { get; init; }
    public string? Error { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>
/// Calls to one version of an agent on one UTC day whose latency fell in one bucket of a log-scale histogram
/// (<see cref="Monitoring.LatencyBuckets"/>): what reliability is computed from. Successes are the successful
/// (billable) calls, failures the calls the agent failed; calls an open circuit refused are not counted.
/// </summary>
internal sealed class VersionCallStats
{
    public Guid AgentId { get; init; }
    public required string Version { get; init; }
    public DateOnly Day { get; init; }
    public short Bucket { get; init; }
    public long Successes { get; set; }
    public long Failures { get; set; }
}
