namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The platform as deployed: publisher endpoints on private networks are refused.</summary>
public sealed class NoPrivateEndpointsFactory : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Registry:AllowPrivateEndpoints"] = "false",
    };
}
