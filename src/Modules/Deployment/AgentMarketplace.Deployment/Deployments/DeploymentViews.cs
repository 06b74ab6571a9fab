using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AgentMarketplace.Deployment.Persistence;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// A deployment as its owner sees it. After an update, <see cref="RolledBack"/> says whether the new
/// revision failed its health check and the previous one stayed live, and <see cref="Reason"/> why.
/// </summary>
internal sealed record DeploymentView(
    Guid Id, Guid AgentId, string AgentSlug, string Version, string Environment, int Revision, string Status,
    string Runtime, string InvokeUrl, JsonObject Config, bool UpdateAvailable, string? LatestVersion,
    string? LastHealthError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? RolledBack { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AttemptedRevision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    public static DeploymentView From(AgentDeployment d, DeploymentRevision live, string? latestVersion, string? publicBaseUrl) => new(
        d.Id, d.AgentId, d.AgentSlug, live.Version, d.Environment, live.Number, d.Status, d.Runtime,
        $"{publicBaseUrl?.TrimEnd('/')}/api/v1/deployments/{d.Id}/invoke",
        DeploymentConfig.View(live.Config),
        latestVersion is not null && Versions.IsNewer(latestVersion, live.Version), latestVersion,
        d.LastHealthError, d.CreatedAt, d.UpdatedAt);
}

internal sealed record InvokeResponse(JsonNode? Output, InvokeUsage Usage, long LatencyMs);

/// <summary>The units the call is charged for, and what the agent claimed when that was more (capped at what was reserved).</summary>
internal sealed record InvokeUsage(long Units, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ClaimedUnits = null);
