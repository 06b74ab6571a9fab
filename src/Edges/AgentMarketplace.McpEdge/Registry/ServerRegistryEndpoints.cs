using System.Globalization;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.McpEdge.Registry;

/// <summary>
/// The MCP Registry API (v0.1, read side) over the public catalogue: a sub-registry that MCP clients and other
/// registries can read. Every agent anyone may see is a server, whatever protocol it speaks; each of its
/// verified versions is a server version; its remote is this marketplace's own `/mcp`.
/// </summary>
internal static class ServerRegistryEndpoints
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;
    private const string Latest = "latest";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var servers = endpoints.MapModuleGroup("McpEdge", "/v0.1/servers", "MCP Registry").AllowAnonymous();
        servers.MapGet("", ListServers).WithName("ListMcpServers")
            .WithSummary("MCP Registry API: the public catalogue as servers (?search, updated_since, version=latest, limit ≤ 100, cursor).");
        // A catch-all: the server name holds a slash, which clients send encoded (%2F) or not.
        servers.MapGet("/{**path}", GetServerVersions).WithName("GetMcpServerVersions")
            .WithSummary("MCP Registry API: {serverName}/versions (newest first) or {serverName}/versions/{version|latest}.");
    }

    private static async Task<Results<JsonHttpResult<ServerList>, ProblemHttpResult>> ListServers(
        HttpContext http, IMediator mediator, IOptions<McpEdgeOptions> options, CancellationToken ct,
        string? cursor = null, int? limit = null, string? search = null,
        [FromQuery(Name = "updated_since")] string? updatedSince = null, string? version = null)
    {
        var size = limit ?? DefaultLimit;
        if (size is < 1 or > MaxLimit)
        {
            return Problems.From(DomainError.Invalid("limit", $"limit must be between 1 and {MaxLimit}."));
        }

        PublicVersionPosition? after = null;
        if (!string.IsNullOrEmpty(cursor) && !RegistryCursor.TryDecode(cursor, out after))
        {
            return Problems.From(DomainError.Invalid("cursor", "cursor is not one this server issued; start again without it."));
        }

        DateTimeOffset? since = null;
        if (!string.IsNullOrEmpty(updatedSince))
        {
            if (!DateTimeOffset.TryParse(updatedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.From(DomainError.Invalid("updated_since", "updated_since must be an RFC 3339 timestamp, such as 2025-08-07T13:15:04.280Z."));
            }

            since = parsed;
        }

        if (search?.Length > 200 || version?.Length > 128)
        {
            return Problems.From(DomainError.Invalid(search?.Length > 200 ? "search" : "version", "is too long."));
        }

        var latestOnly = string.Equals(version, Latest, StringComparison.OrdinalIgnoreCase);
        var page = await mediator.Send(new ListPublicAgentVersions(
            search, since, latestOnly, latestOnly || string.IsNullOrEmpty(version) ? null : version, after, size), ct);
        var responses = await ResponsesAsync(http, mediator, options.Value, page.Items, ct);
        return TypedResults.Json(
            new ServerList(responses, new ServerListMetadata(page.Next is { } next ? RegistryCursor.Encode(next) : null, responses.Count)),
            ServerDocuments.Json);
    }

    private static async Task<Results<JsonHttpResult<ServerList>, JsonHttpResult<ServerResponse>, ProblemHttpResult>> GetServerVersions(
        string path, HttpContext http, IMediator mediator, IOptions<McpEdgeOptions> options, CancellationToken ct)
    {
        // `{namespace}/{name}/versions[/{version}]`, the name's slash encoded or not.
        var parts = path.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase).Split('/');
        if (parts.Length is not (3 or 4) || parts[2] != "versions" || parts.Take(2).Any(string.IsNullOrEmpty))
        {
            return NotFound("There is no such route: use /v0.1/servers/{serverName}/versions[/{version}], with serverName URL-encoded.");
        }

        var name = $"{parts[0]}/{parts[1]}";
        var edge = options.Value;
        var entries = await VersionsOfAsync(mediator, edge, name, ct);
        var documents = Documents(http, edge);
        // One name, one server: an alias (another name that reaches the same agent) is not its name.
        entries = entries.Where(e => documents.NameOf(e) == name).ToList();
        if (entries.Count == 0)
        {
            return NotFound($"Server {name} was not found.");
        }

        if (parts.Length == 3)
        {
            var responses = await ResponsesAsync(http, mediator, edge, entries, ct);
            return TypedResults.Json(new ServerList(responses, new ServerListMetadata(null, responses.Count)), ServerDocuments.Json);
        }

        var wanted = Uri.UnescapeDataString(parts[3]);
        var entry = entries.FirstOrDefault(e => string.Equals(wanted, Latest, StringComparison.OrdinalIgnoreCase) ? e.IsLatest : e.Version == wanted);
        if (entry is null)
        {
            return NotFound($"Server {name} has no version {wanted}.");
        }

        var listing = (await mediator.Send(new GetListingFacts([entry.AgentId]), ct)).FirstOrDefault();
        return TypedResults.Json(documents.Response(entry, listing), ServerDocuments.Json);
    }

    /// <summary>The agent a server name stands for: `{namespace}/{slug}`, or a name an agent imported.</summary>
    private static async Task<IReadOnlyList<PublicAgentVersion>> VersionsOfAsync(IMediator mediator, McpEdgeOptions edge, string name, CancellationToken ct)
    {
        var prefix = edge.Namespace + "/";
        return name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? await mediator.Send(new GetPublicAgentVersions(name[prefix.Length..], null), ct)
            : await mediator.Send(new GetPublicAgentVersions(null, name), ct);
    }

    private static async Task<IReadOnlyList<ServerResponse>> ResponsesAsync(
        HttpContext http, IMediator mediator, McpEdgeOptions edge, IReadOnlyList<PublicAgentVersion> entries, CancellationToken ct)
    {
        var listings = (await mediator.Send(new GetListingFacts(entries.Select(e => e.AgentId).Distinct().ToList()), ct))
            .ToDictionary(l => l.AgentId);
        var documents = Documents(http, edge);
        return entries.Select(e => documents.Response(e, listings.GetValueOrDefault(e.AgentId))).ToList();
    }

    private static ServerDocuments Documents(HttpContext http, McpEdgeOptions edge)
    {
        var baseUrl = edge.PublicBaseUrl?.TrimEnd('/') ?? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        return new ServerDocuments(edge.Namespace, baseUrl + McpEdgeModule.McpPath);
    }

    private static ProblemHttpResult NotFound(string detail) => Problems.Problem(StatusCodes.Status404NotFound, "Not found.", detail);
}
