using System.Text.Json.Nodes;
using System.Text.Json;
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

/// <summary>A version as listed on the agent; the endpoint is shown to its owner and admins only.</summary>
internal sealed record VersionView(
    string Version, string Status, VerificationReport? Verification, string Protocol, string? ProtocolVersion, string? EndpointUrl,
    string? Changelog, bool Deprecated, string? DeprecationReason, bool PreRelease, DateTimeOffset CreatedAt)
{
    public static VersionView From(AgentVersion v, bool showEndpoint) => new(
        v.Version, v.Status, VerificationReport.Deserialize(v.Verification), v.Protocol, v.ProtocolVersion, showEndpoint ? v.EndpointUrl : null,
        v.Changelog, v.IsDeprecated, v.DeprecationReason, v.IsPreRelease, v.CreatedAt);
}

internal sealed record VersionDetails(VersionView Version, IReadOnlyList<CapabilityView> Capabilities);

internal sealed record AgentDetails(
    Guid Id, string Slug, string Name, string Description, IReadOnlyList<string> Categories, IReadOnlyList<string> Tags,
    OwnerView Owner, string? LatestVersion, IReadOnlyList<VersionView> Versions, IReadOnlyList<CapabilityView> Capabilities,
    JsonNode? Listing, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, McpServerInfo? McpServer = null);

internal sealed record ImportedAgent(AgentSummary Agent, VersionDetails Version);
