using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Registry.Contracts;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// A deployment as its owner sees it. After an update, <see cref="RolledBack"/> says whether the new
/// revision failed its health check and the previous one stayed live, and <see cref="Reason"/> why.
/// UpdateBreaking: the latest version could break callers of the deployed one. VersionStatus, Drifted and
/// DriftReason: how the deployed version stands in the Registry now (a version failing its re-verification,
/// or whose live tools no longer match, says so here). LastAutoUpdate: what `autoUpdate` last tried.
/// </summary>
internal sealed record DeploymentView(
    Guid Id, Guid AgentId, string AgentSlug, string Version, string Environment, int Revision, string Status,
    string Runtime, string InvokeUrl, JsonObject Config, bool UpdateAvailable, string? LatestVersion,
    string? LastHealthError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string AutoUpdate, bool UpdateBreaking, string? VersionStatus, bool Drifted, string? DriftReason, AutoUpdateView? LastAutoUpdate)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? RolledBack { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AttemptedRevision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    public static DeploymentView From(
        AgentDeployment d, DeploymentRevision live, string? latestVersion, DeployedVersionState? state, string? publicBaseUrl)
    {
        var updateAvailable = latestVersion is not null && Versions.IsNewer(latestVersion, live.Version);
        return new(
            d.Id, d.AgentId, d.AgentSlug, live.Version, d.Environment, live.Number, d.Status, d.Runtime,
            $"{publicBaseUrl?.TrimEnd('/')}/api/v1/deployments/{d.Id}/invoke",
            DeploymentConfig.View(live.Config),
            updateAvailable, latestVersion,
            d.LastHealthError, d.CreatedAt, d.UpdatedAt,
            d.AutoUpdate, updateAvailable && state?.LatestBreaks == true, state?.Status, state?.Drifted ?? false, state?.DriftReason,
            d.AutoUpdateVersion is null ? null : new AutoUpdateView(d.AutoUpdateVersion, d.AutoUpdatedAt, d.AutoUpdateError is not null, d.AutoUpdateError));
    }
}

/// <summary>The last automatic update: the version it tried, when, and whether the old revision stayed live (and why).</summary>
internal sealed record AutoUpdateView(string Version, DateTimeOffset? At, bool RolledBack, string? Reason);

internal sealed record InvokeResponse(JsonNode? Output, InvokeUsage Usage, long LatencyMs);

/// <summary>The units the call is charged for, and what the agent claimed when that was more (capped at what was reserved).</summary>
internal sealed record InvokeUsage(long Units, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ClaimedUnits = null);
