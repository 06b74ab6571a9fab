using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Tests;

public sealed class ModuleDatabaseTests
{
    private static NpgsqlConnectionStringBuilder Configured(string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Marketplace"] = connectionString })
            .Build();
        var options = ModuleDatabaseRegistration.ConfigureNpgsql(new DbContextOptionsBuilder(), configuration, "test");
        return new NpgsqlConnectionStringBuilder(RelationalOptionsExtension.Extract(options.Options).ConnectionString);
    }

    [Fact]
    public void Statements_are_prepared_automatically_when_the_connection_string_does_not_say()
    {
        Assert.Equal(64, Configured("Host=db;Username=app;Database=marketplace").MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;maxautoprepare=10", 10)]
    public void A_connection_string_that_sets_max_auto_prepare_keeps_its_value(string connectionString, int expected)
    {
        Assert.Equal(expected, Configured(connectionString).MaxAutoPrepare);
    }
}
