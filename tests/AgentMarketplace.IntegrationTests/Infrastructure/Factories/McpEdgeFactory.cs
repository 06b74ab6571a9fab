namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The host as the MCP edge tests need it: the marketplace's public address set (the registry's remotes name
/// it), and a 2-second invoke timeout so that an agent too slow for the gateway fails fast.
/// </summary>
public sealed class McpEdgeFactory : MarketplaceApiFactory
{
    public const string PublicBaseUrl = "https://marketplace.example";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["McpEdge:PublicBaseUrl"] = PublicBaseUrl,
        ["Deployment:InvokeTimeoutSeconds"] = "2",
    };
}
