using System.Text.Json.Nodes;
using System.Text.Json;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Registry.Mcp;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Verification;
using AgentMarketplace.Registry.Versions;
using AgentMarketplace.Users.Contracts;

namespace AgentMarketplace.Registry.Agents;

// What leaves the module over HTTP.

internal sealed record AgentSummary(
    Guid Id, string Slug, Guid OwnerId, string Name, string Description,
    IReadOnlyList<string> Categories, IReadOnlyList<string> Tags, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    McpServerInfo? McpServer)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static AgentSummary From(Agent a) =>
        new(a.Id, a.Slug, a.OwnerId, a.Name, a.Description, a.Categories, a.Tags, a.CreatedAt, a.UpdatedAt, McpServerOf(a));

    /// <summary>What an imported server.json kept (its name, title and links); null for other agents.</summary>
    public static McpServerInfo? McpServerOf(Agent a) =>
        a.McpServer is null ? null : JsonSerializer.Deserialize<McpServerInfo>(a.McpServer, Json);

    public static string Serialize(McpServerInfo server) => JsonSerializer.Serialize(server, Json);
}

internal sealed record OwnerView(Guid Id, string DisplayName, string? PublisherName)
{
    public static OwnerView From(Guid ownerId, PublisherProfile? profile) =>
        new(ownerId, profile?.DisplayName ?? "unknown", profile?.PublisherName);
}

internal sealed record CapabilityView(
    string Name, string Description, JsonNode InputSchema, JsonNode OutputSchema, IReadOnlyList<CapabilityExample> Examples)
{
    public static CapabilityView From(CapabilityDefinition c) => new(c.Name, c.Description, c.InputSchema, c.OutputSchema, c.Examples);
}

/// <summary>
/// A version as listed on the agent; the endpoint is shown to its owner and admins only. LastVerifiedAt: when a
/// verification (a publisher's or the scheduled one) last ended; Drifted: the live tools or card no longer
/// match; Reliability: measured from real calls through the gateway over 7 days (and 30), null below a minimum of calls.
/// </summary>
internal sealed record VersionView(
    string Version, string Status, VerificationReport? Verification, string Protocol, string? ProtocolVersion, string? EndpointUrl,
    string? Changelog, bool Deprecated, string? DeprecationReason, bool PreRelease, DateTimeOffset CreatedAt,
    DateTimeOffset? LastVerifiedAt, bool Drifted, string? DriftReason, ReliabilityView? Reliability, ReliabilityView? Reliability30d)
{
    public static VersionView From(AgentVersion v, bool showEndpoint, VersionReliability? reliability = null) => new(
        v.Version, v.Status, VerificationReport.Deserialize(v.Verification), v.Protocol, v.ProtocolVersion, showEndpoint ? v.EndpointUrl : null,
        v.Changelog, v.IsDeprecated, v.DeprecationReason, v.IsPreRelease, v.CreatedAt,
        v.VerifiedAt, v.Drifted, v.DriftReason, ReliabilityView.From(reliability?.Last7Days, "7d"), ReliabilityView.From(reliability?.Last30Days, "30d"));
}

/// <summary>Calls (successful ones and those the agent failed), the share that succeeded, and successful calls' latency.</summary>
internal sealed record ReliabilityView(long Calls, double SuccessRate, int P50LatencyMs, int P95LatencyMs, string Window)
{
    public static ReliabilityView? From(ReliabilityFigures? figures, string window) =>
        figures is null ? null : new(figures.Calls, figures.SuccessRate, figures.P50LatencyMs, figures.P95LatencyMs, window);
}

/// <summary>`GET …/versions/{version}/changes`: from the version before (null for the first) to this one.</summary>
internal sealed record VersionChangesView(string? From, string To, bool Breaking, IReadOnlyList<CapabilityChange> Changes);

internal sealed record VersionDetails(VersionView Version, IReadOnlyList<CapabilityView> Capabilities);

internal sealed record AgentDetails(
    Guid Id, string Slug, string Name, string Description, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags,
    OwnerView Owner, string? LatestVersion, IReadOnlyList<VersionView> Versions, IReadOnlyList<CapabilityView> Capabilities,
    JsonNode? Listing, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, McpServerInfo? McpServer = null);

internal sealed record ImportedAgent(AgentSummary Agent, VersionDetails Version);
