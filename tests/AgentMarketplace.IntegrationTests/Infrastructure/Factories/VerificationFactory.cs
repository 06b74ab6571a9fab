namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The host with a 2-second verification timeout and a small agent-answer limit, so slow and oversized agents fail verification quickly.</summary>
public sealed class VerificationFactory : MarketplaceApiFactory
{
    public const int MaxResponseBytes = 4096;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Registry:VerificationTimeoutSeconds"] = "2",
        ["Registry:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
