namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The platform with the sign-up limit low enough to reach in a test.</summary>
public sealed class LowSignUpLimitFactory : MarketplaceApiFactory
{
    public const int SignUpsPerHour = 4;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Users:Registration:PerAddressPerHour"] = SignUpsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
