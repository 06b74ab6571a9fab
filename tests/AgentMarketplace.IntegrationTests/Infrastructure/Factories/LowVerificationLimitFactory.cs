namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The platform with the verification limit low enough to reach in a test.</summary>
public sealed class LowVerificationLimitFactory : MarketplaceApiFactory
{
    public const int VerificationsPerHour = 3;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Registry:VerificationsPerHour"] = VerificationsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
