using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Mcp;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.SampleAgent.Registration;

/// <summary>
/// <c>GET /server.json</c>: this agent as an MCP Registry server.json (schema 2025-12-11), with its
/// <c>/mcp</c> endpoint as the one streamable-http remote: the document a marketplace imports it from.
/// </summary>
internal static class ServerJsonEndpoint
{
    public const string Schema = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

    public static void MapServerJson(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/server.json", (HttpRequest request, IOptions<AgentOptions> options) =>
            Results.Json(For(options.Value.PublicBaseUrl(request), options.Value.Version)));

    public static JsonObject For(string baseUrl, string version) => new()
    {
        ["$schema"] = Schema,
        ["name"] = "io.github.agent-marketplace/sample-text-agent",
        ["title"] = "Sample Text Agent",
        ["description"] = "A deterministic text agent from the Agent Marketplace samples: echo, word count, sentiment and extractive summary.",
        ["version"] = version,
        ["websiteUrl"] = baseUrl,
        ["remotes"] = new JsonArray(new JsonObject { ["type"] = "streamable-http", ["url"] = baseUrl + McpEndpoint.Path }),
    };
}
