namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>A second instance of the service on another instance's database.</summary>
public sealed class SharedDatabaseInstanceFactory(string sharedDatabase) : MarketplaceApiFactory
{
    protected override string? SharedDatabase => sharedDatabase;
}
