namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The host allowing 3 logins per minute for one account.</summary>
public sealed class PerAccountLoginLimitFactory : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Users:Login:PerAddressPerMinute"] = "100000",
        ["Users:Login:PerAccountPerMinute"] = "3",
    };
}
