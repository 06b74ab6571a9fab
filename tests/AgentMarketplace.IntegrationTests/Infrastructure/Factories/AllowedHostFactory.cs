namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The SSRF guard on, with one private host allowed by name, as the compose stack ships.</summary>
public sealed class AllowedHostFactory : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Registry:AllowPrivateEndpoints"] = "false",
        ["Deployment:AllowPrivateEndpoints"] = "false",
        ["Registry:AllowedPrivateHosts:0"] = "localhost",
        ["Deployment:AllowedPrivateHosts:0"] = "localhost",
    };
}
