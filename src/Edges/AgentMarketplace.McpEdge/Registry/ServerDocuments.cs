using System.Text.Json;
using System.Text.Json.Serialization;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Registry.Contracts;

namespace AgentMarketplace.McpEdge.Registry;

// The MCP Registry API's documents (v0.1: ServerList, ServerResponse, ServerDetail), as this marketplace fills them.

internal sealed record ServerList(IReadOnlyList<ServerResponse> Servers, ServerListMetadata Metadata);

/// <summary><see cref="NextCursor"/> is left out on the last page.</summary>
internal sealed record ServerListMetadata(string? NextCursor, int Count);

internal sealed record ServerResponse(ServerDetail Server, [property: JsonPropertyName("_meta")] IReadOnlyDictionary<string, MarketplaceFacts> Meta);

internal sealed record ServerDetail(
    [property: JsonPropertyName("$schema")] string Schema,
    string Name, string Description, string Version, string? Title, string? WebsiteUrl, ServerRepository? Repository,
    IReadOnlyList<RemoteTransport> Remotes);

internal sealed record ServerRepository(string Url, string Source, string? Subfolder, string? Id);

internal sealed record RemoteTransport(string Type, string Url, IReadOnlyList<RemoteHeader> Headers);

internal sealed record RemoteHeader(string Name, string Description, bool IsRequired, bool IsSecret);

/// <summary>What the marketplace knows of the server, under its own `_meta` key.</summary>
internal sealed record MarketplaceFacts(
    Guid AgentId, string Slug, string Protocol, string Status, string? StatusMessage, bool IsLatest,
    DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt, VerificationFacts Verification, bool Listed,
    RatingFacts? Rating, ListingPricing? Pricing);

internal sealed record VerificationFacts(string Status, DateTimeOffset? VerifiedAt);

internal sealed record RatingFacts(double? Average, int Count);

/// <summary>Builds the documents: names, the remote that is the marketplace's own `/mcp`, and the marketplace's facts.</summary>
internal sealed class ServerDocuments(string metaNamespace, string mcpUrl)
{
    /// <summary>The server.json schema the documents follow.</summary>
    public const string SchemaUrl = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

    public const int MaxDescription = 100;

    public const string ApiKeyHeader = "X-Api-Key";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private string MetaKey => $"{metaNamespace}/marketplace";

    /// <summary>
    /// The server's name: an imported server.json's own name when this agent holds it and it is outside the
    /// marketplace's namespace (no publisher can take a name there), else `{namespace}/{slug}`.
    /// </summary>
    public string NameOf(PublicAgentVersion entry) =>
        entry.ImportedServer is { HoldsName: true } imported
            && !imported.Name.StartsWith(metaNamespace + "/", StringComparison.OrdinalIgnoreCase)
            ? imported.Name
            : $"{metaNamespace}/{entry.Slug}";

    public ServerResponse Response(PublicAgentVersion entry, ListingFacts? listing)
    {
        var imported = entry.ImportedServer;
        var server = new ServerDetail(
            SchemaUrl,
            NameOf(entry),
            Shorten(entry.Description),
            entry.Version,
            entry.Name,
            imported?.WebsiteUrl,
            imported?.Repository is { Url: { } url, Source: { } source } repository
                ? new ServerRepository(url, source, repository.Subfolder, repository.Id)
                : null,
            [new RemoteTransport("streamable-http", mcpUrl,
            [
                new RemoteHeader(ApiKeyHeader,
                    "Your Agent Marketplace API key (POST /api/v1/users/me/api-keys). This endpoint serves the agents you have deployed: deploy this one to get its tools.",
                    IsRequired: true, IsSecret: true),
            ])]);
        var facts = new MarketplaceFacts(
            entry.AgentId, entry.Slug, entry.Protocol,
            entry.Deprecated ? "deprecated" : "active", entry.DeprecationReason, entry.IsLatest,
            entry.PublishedAt, entry.UpdatedAt,
            new VerificationFacts("verified", entry.VerifiedAt),
            listing?.Published ?? false,
            listing is null ? null : new RatingFacts(listing.RatingAverage, listing.RatingCount),
            listing?.Pricing);
        return new ServerResponse(server, new Dictionary<string, MarketplaceFacts> { [MetaKey] = facts });
    }

    /// <summary>The registry keeps descriptions to 100 characters: a longer one is cut at a word, with an ellipsis.</summary>
    public static string Shorten(string description)
    {
        var text = string.Join(' ', description.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= MaxDescription)
        {
            return text.Length > 0 ? text : "-";
        }

        var cut = text[..(MaxDescription - 1)];
        var space = cut.LastIndexOf(' ');
        return (space > MaxDescription / 2 ? cut[..space] : cut).TrimEnd() + "…";
    }
}
