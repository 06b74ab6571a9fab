namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> McpEdge() => new()
    {
        ["ListMcpServers"] = new("The MCP Registry API v0.1 over the public catalogue: one server entry per verified agent version, " +
            "`server` in the official registry's shape and `_meta` under the marketplace's namespace (agent id, slug, verification, " +
            "rating, pricing). Each server's remote is the marketplace's own `/mcp`, with the `X-Api-Key` header required. " +
            "`search` matches names, `updated_since` (RFC 3339) filters by change, `version=latest` keeps one entry per server; " +
            "`limit` ≤ 100 and `cursor` page it (`metadata.nextCursor`). Anyone may call it."),
        ["GetMcpServerVersions"] = new("`{serverName}/versions`: every public version of one server, newest first; " +
            "`{serverName}/versions/{version}` (or `latest`): one. The server name holds a `/` (`{namespace}/{slug}`), " +
            "percent-encoded or not. An unknown server or version is 404. Anyone may call it."),
    };
}
