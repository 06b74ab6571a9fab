using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The official SDK's MCP client on the marketplace's `/mcp`, through the test server's handler.</summary>
public static class McpClients
{
    /// <summary>A client that authenticates with the user's access token.</summary>
    public static Task<McpClient> McpClientForAsync(this MarketplaceApiFactory api, TestUser user) =>
        api.McpClientAsync(new Dictionary<string, string> { ["Authorization"] = $"Bearer {user.AccessToken}" });

    /// <summary>A client that authenticates with an API key, as the README's client configuration does.</summary>
    public static Task<McpClient> McpClientWithApiKeyAsync(this MarketplaceApiFactory api, string key) =>
        api.McpClientAsync(new Dictionary<string, string> { ["X-Api-Key"] = key });

    /// <summary>The tools that are capabilities of the caller's deployments: every tool but `marketplace_search`.</summary>
    public static async Task<IList<McpClientTool>> ListDeploymentToolsAsync(this McpClient mcp) =>
        (await mcp.ListToolsAsync()).Where(t => t.Name != "marketplace_search").ToList();

    private static async Task<McpClient> McpClientAsync(this MarketplaceApiFactory api, Dictionary<string, string> headers)
    {
        var http = api.CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(http.BaseAddress!, "/mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = headers,
            },
            http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport);
    }
}
