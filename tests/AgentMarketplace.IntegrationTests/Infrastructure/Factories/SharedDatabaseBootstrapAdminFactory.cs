namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>A second instance of the service on the first one's database, with another bootstrap admin.</summary>
internal sealed class SharedDatabaseBootstrapAdminFactory(string connectionString, string adminEmail, string adminPassword) : MarketplaceApiFactory
{
    protected override string? SharedDatabase => connectionString;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Bootstrap:AdminEmail"] = adminEmail,
        ["Bootstrap:AdminPassword"] = adminPassword,
    };
}
