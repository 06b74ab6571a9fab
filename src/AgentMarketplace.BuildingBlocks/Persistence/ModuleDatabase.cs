using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// One module's database: its DbContext type and schema. The host migrates and health-checks every
/// registered module database without knowing the modules.
/// </summary>
public sealed record ModuleDatabase(string Module, string Schema, Type ContextType);

public static class ModuleDatabaseRegistration
{
    public const string ConnectionStringName = "Marketplace";

    /// <summary>
    /// Registers a module's DbContext on the shared PostgreSQL database, in the module's own schema
    /// (tables and migration history both), with snake_case names and retries on transient faults.
    /// Pooled: contexts are reused across requests and their options built once, which the gateway's
    /// per-call budget notices (building options per request showed up in its profile).
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, IConfiguration configuration, string module, string schema)
        where TContext : DbContext
    {
        // One data source per host, disposed with the host's services, which closes its connections.
        // Connections opened on a bare connection string would wait in Npgsql's process-wide pool for
        // that string instead, and outlive the host (every test class's host, for one).
        services.TryAddSingleton(_ => NpgsqlDataSource.Create(
            WithPreparedStatements(configuration.GetConnectionString(ConnectionStringName))
            ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.")));
        services.AddDbContextPool<TContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>(), npgsql => ModuleSettings(npgsql, schema))
            .UseSnakeCaseNamingConvention());
        services.AddSingleton(new ModuleDatabase(module, schema, typeof(TContext)));
        return services;
    }

    /// <summary>Design time: the provider as at run time, on the connection string, since there is no host.</summary>
    public static DbContextOptionsBuilder ConfigureNpgsql(
        DbContextOptionsBuilder options, IConfiguration configuration, string schema) => options
        .UseNpgsql(WithPreparedStatements(configuration.GetConnectionString(ConnectionStringName)), npgsql => ModuleSettings(npgsql, schema))
        .UseSnakeCaseNamingConvention();

    private static void ModuleSettings(NpgsqlDbContextOptionsBuilder npgsql, string schema) => npgsql
        .MigrationsHistoryTable("__EFMigrationsHistory", schema)
        .EnableRetryOnFailure(3);

    /// <summary>
    /// Statements a connection has run five times are prepared on it, so the gateway's group commit and
    /// the searches stop paying PostgreSQL's parse and plan on every call; a connection string that sets
    /// Max Auto Prepare itself (even to 0) wins. Whether it does is read from the keys actually given:
    /// NpgsqlConnectionStringBuilder.ContainsKey answers true for every keyword Npgsql knows.
    /// </summary>
    private static string? WithPreparedStatements(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal)
                .Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }
}
