using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

    /// <summary>Seconds a connection attempt may take unless the connection string says otherwise (Npgsql's Timeout).</summary>
    public const int DefaultConnectTimeoutSeconds = 5;

    /// <summary>
    /// Registers a module's DbContext on the shared PostgreSQL database, in the module's own schema
    /// (tables and migration history both), with snake_case names, retries on deadlocks and the like, and
    /// its connections opened through the host's <see cref="DatabaseCircuit"/>.
    /// Pooled: contexts are reused across requests and their options built once, which the gateway's
    /// per-call budget notices (building options per request showed up in its profile).
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, IConfiguration configuration, string module, string schema)
        where TContext : DbContext
    {
        if (services.All(d => d.ServiceType != typeof(NpgsqlDataSource)))
        {
            // One data source per host, disposed with the host's services, which closes its connections.
            // Connections opened on a bare connection string would wait in Npgsql's process-wide pool for
            // that string instead, and outlive the host (every test class's host, for one).
            services.AddSingleton(_ => NpgsqlDataSource.Create(PlatformConnectionString(configuration)));
            services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
            services.AddSingleton<DatabaseCircuit>();
            services.AddSingleton<DatabaseCircuitInterceptor>();
            services.AddHostedService<DatabaseProbe>();
        }

        services.AddDbContextPool<TContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>(), npgsql => ModuleSettings(npgsql, schema))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(provider.GetRequiredService<DatabaseCircuitInterceptor>())
            // A connection that failed is reported where its exception lands (an outage once, by the circuit);
            // EF Core's own error line for each attempt, without the exception, only floods the log.
            .ConfigureWarnings(warnings => warnings.Log((RelationalEventId.ConnectionError, LogLevel.Debug))));
        services.AddSingleton(new ModuleDatabase(module, schema, typeof(TContext)));
        return services;
    }

    /// <summary>Design time: the provider as at run time, on the connection string, since there is no host.</summary>
    public static DbContextOptionsBuilder ConfigureNpgsql(
        DbContextOptionsBuilder options, IConfiguration configuration, string schema) => options
        .UseNpgsql(WithPlatformDefaults(configuration.GetConnectionString(ConnectionStringName)), npgsql => ModuleSettings(npgsql, schema))
        .UseSnakeCaseNamingConvention();

    /// <summary>The configured connection string with the platform's defaults (see <see cref="WithPlatformDefaults"/>).</summary>
    public static string PlatformConnectionString(IConfiguration configuration) =>
        WithPlatformDefaults(configuration.GetConnectionString(ConnectionStringName))
        ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not set.");

    private static void ModuleSettings(NpgsqlDbContextOptionsBuilder npgsql, string schema) => npgsql
        .MigrationsHistoryTable("__EFMigrationsHistory", schema)
        .ExecutionStrategy(dependencies => new DatabaseExecutionStrategy(dependencies));

    /// <summary>
    /// Statements a connection has run five times are prepared on it, so the gateway's group commit and
    /// the searches stop paying PostgreSQL's parse and plan on every call. A connection attempt (or a wait
    /// for a free pooled connection) gives up after <see cref="DefaultConnectTimeoutSeconds"/> rather than
    /// Npgsql's 15: a database that does not answer by then is treated as down (503). A connection string
    /// that sets Max Auto Prepare or Timeout itself (even to 0) wins. Whether it does is read from the keys
    /// actually given: NpgsqlConnectionStringBuilder.ContainsKey answers true for every keyword Npgsql knows.
    /// </summary>
    private static string? WithPlatformDefaults(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return connectionString;
        }

        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        if (!given.Contains("Timeout"))
        {
            builder.Timeout = DefaultConnectTimeoutSeconds;
        }

        return builder.ConnectionString;
    }
}
