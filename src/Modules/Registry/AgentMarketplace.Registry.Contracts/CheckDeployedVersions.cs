using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// How each deployed version stands now, for the deployments that run it: its status and drift, the agent's
/// latest deployable version and whether that breaks callers of this one, and the newest version it could move
/// to without breaking them. A version or agent that no longer exists is absent from the answer.
/// </summary>
public sealed record CheckDeployedVersions(IReadOnlyList<DeployedVersionRef> Versions) : IQuery<IReadOnlyList<DeployedVersionState>>;

public sealed record DeployedVersionRef(Guid AgentId, string Version);

/// <summary>
/// <paramref name="Status"/>: "verified", "failing", "failed" or "unverified". <paramref name="LatestBreaks"/>: the
/// latest deployable version is newer and a caller of this version could break on it (a capability gone, an input
/// that accepts less, an output that promises less; or a change the platform cannot prove compatible).
/// <paramref name="CompatibleUpdate"/>: the highest newer deployable version on this version's major line (below 1.0.0
/// its minor line) that breaks nothing of it; null when there is none.
/// </summary>
public sealed record DeployedVersionState(
    Guid AgentId, string Version, string Status, bool Drifted, string? DriftReason,
    string? LatestVersion, bool LatestBreaks, string? CompatibleUpdate);
