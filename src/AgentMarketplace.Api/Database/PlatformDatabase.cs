using System.Security.Cryptography;
using System.Text;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.LocalPostgres;

namespace AgentMarketplace.Api.Database;

/// <summary>
/// Decides where the platform's data lives: the configured connection string, or, in Development
/// without one, a private PostgreSQL cluster started from the machine's binaries.
/// </summary>
internal static class PlatformDatabase
{
    public const string DataDirectoryKey = "Platform:DataDirectory";
    private const string LocalDatabaseName = "marketplace";

    /// <summary>Returns the cluster this process started, which the caller stops on shutdown.</summary>
    public static async Task<LocalPostgresCluster?> ConfigureAsync(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var dataDirectory = configuration[DataDirectoryKey] ?? DefaultDataDirectory(builder.Environment.ContentRootPath);
        configuration[DataDirectoryKey] = dataDirectory;

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString(ModuleDatabaseRegistration.ConnectionStringName)))
        {
            return null;
        }

        if (!builder.Environment.IsDevelopment())
        {
            throw new StartupException(
                $"ConnectionStrings:{ModuleDatabaseRegistration.ConnectionStringName} is not set. Outside Development the " +
                "service needs a PostgreSQL connection string (ConnectionStrings__Marketplace); `docker compose up` provides one.");
        }

        // A short, per-checkout fallback for when the postgres user cannot enter the checkout.
        var checkoutHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(dataDirectory)))[..12];
        var cluster = await LocalPostgresCluster.StartAsync(
            Path.Combine(dataDirectory, "postgres"),
            Path.Combine(Path.GetTempPath(), $"agent-marketplace-{checkoutHash}", "postgres"),
            fastButUnsafe: false,
            message => Console.WriteLine($"[postgres] {message}"));
        await cluster.CreateDatabaseIfMissingAsync(LocalDatabaseName);
        configuration[$"ConnectionStrings:{ModuleDatabaseRegistration.ConnectionStringName}"] = cluster.ConnectionString(LocalDatabaseName);
        return cluster;
    }

    /// <summary>`.data` at the repository root when run from a checkout, else beside the app.</summary>
    private static string DefaultDataDirectory(string contentRoot)
    {
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AgentMarketplace.sln")))
            {
                return Path.Combine(dir.FullName, ".data");
            }
        }

        return Path.Combine(contentRoot, ".data");
    }
}

/// <summary>A start-up problem the operator can fix; printed as one clear message, without a stack trace.</summary>
internal sealed class StartupException(string message) : Exception(message);
