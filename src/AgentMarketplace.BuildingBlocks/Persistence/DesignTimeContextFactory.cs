using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// Lets `dotnet ef migrations add` build a module's context without starting the host (and its
/// private PostgreSQL). Adding migrations needs only the provider, not a live database.
/// </summary>
public abstract class DesignTimeContextFactory<TContext>(string schema) : IDesignTimeDbContextFactory<TContext>
    where TContext : DbContext
{
    protected abstract TContext Create(DbContextOptions<TContext> options);

    public TContext CreateDbContext(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:" + ModuleDatabaseRegistration.ConnectionStringName] =
                    "Host=127.0.0.1;Database=design_time",
            })
            .AddEnvironmentVariables()
            .Build();
        var options = new DbContextOptionsBuilder<TContext>();
        ModuleDatabaseRegistration.ConfigureNpgsql(options, configuration, schema);
        return Create(options.Options);
    }
}
