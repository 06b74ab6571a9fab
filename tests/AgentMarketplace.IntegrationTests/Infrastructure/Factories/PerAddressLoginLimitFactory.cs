namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The host allowing 5 logins per minute from one address.</summary>
public sealed class PerAddressLoginLimitFactory : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Users:Login:PerAddressPerMinute"] = "5",
        ["Users:Login:PerAccountPerMinute"] = "1000",
    };
}
