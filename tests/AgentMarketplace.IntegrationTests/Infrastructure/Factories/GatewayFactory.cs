namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The host with short gateway limits: a 2-second invoke timeout, a small answer limit, and a circuit that opens after 4 calls for 60 s.</summary>
public sealed class GatewayFactory : MarketplaceApiFactory
{
    public const int MaxResponseBytes = 8192;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Deployment:InvokeTimeoutSeconds"] = "2",
        ["Deployment:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Deployment:CircuitMinimumThroughput"] = "4",
        ["Deployment:CircuitBreakSeconds"] = "60",
    };
}
