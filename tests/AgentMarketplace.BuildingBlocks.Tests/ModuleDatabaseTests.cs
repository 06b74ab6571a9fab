using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Tests;

public sealed class ModuleDatabaseTests
{
    private sealed class ProbeContext(DbContextOptions<ProbeContext> options) : DbContext(options);

    private static IConfiguration Configuration(string connectionString) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Marketplace"] = connectionString })
        .Build();

    /// <summary>What the host's modules connect with: the data source AddModuleDatabase registers.</summary>
    private static NpgsqlConnectionStringBuilder AtRunTime(string connectionString)
    {
        using var services = new ServiceCollection()
            .AddModuleDatabase<ProbeContext>(Configuration(connectionString), "Probe", "probe")
            .BuildServiceProvider();
        return new NpgsqlConnectionStringBuilder(services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
    }

    /// <summary>What `dotnet ef` connects with.</summary>
    private static NpgsqlConnectionStringBuilder AtDesignTime(string connectionString)
    {
        var options = ModuleDatabaseRegistration.ConfigureNpgsql(new DbContextOptionsBuilder(), Configuration(connectionString), "probe");
        return new NpgsqlConnectionStringBuilder(RelationalOptionsExtension.Extract(options.Options).ConnectionString);
    }

    [Fact]
    public void Statements_are_prepared_automatically_when_the_connection_string_does_not_say()
    {
        const string Plain = "Host=db;Username=app;Database=marketplace";

        Assert.Equal(64, AtRunTime(Plain).MaxAutoPrepare);
        Assert.Equal(64, AtDesignTime(Plain).MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;Username=app;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=app;maxautoprepare=10", 10)]
    public void A_connection_string_that_sets_max_auto_prepare_keeps_its_value(string connectionString, int expected)
    {
        Assert.Equal(expected, AtRunTime(connectionString).MaxAutoPrepare);
    }

    [Fact]
    public void A_connection_attempt_gives_up_after_five_seconds_unless_the_connection_string_says()
    {
        Assert.Equal(ModuleDatabaseRegistration.DefaultConnectTimeoutSeconds, AtRunTime("Host=db;Username=app").Timeout);
        Assert.Equal(ModuleDatabaseRegistration.DefaultConnectTimeoutSeconds, AtDesignTime("Host=db;Username=app").Timeout);
        Assert.Equal(15, AtRunTime("Host=db;Username=app;timeout=15").Timeout);
    }
}
