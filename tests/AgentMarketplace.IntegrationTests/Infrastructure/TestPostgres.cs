using AgentMarketplace.LocalPostgres;
using Npgsql;
using Testcontainers.PostgreSql;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// One PostgreSQL server for the whole test run: a Testcontainers container where a Docker engine
/// answers, otherwise a private cluster from the machine's binaries. Each test class gets a fresh
/// database on it, so classes run in parallel without seeing each other's rows.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Shared = new(StartAsync);

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Shared.Value;
        var name = "test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
    }

    private sealed record Server(string AdminConnectionString, Func<Task> StopAsync);

    private static async Task<Server> StartAsync()
    {
        var server = await TryContainerAsync() ?? await StartLocalClusterAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    }

    private static async Task<Server?> TryContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await container.StartAsync(timeout.Token);
            return new Server(container.GetConnectionString(), () => container.DisposeAsync().AsTask());
        }
#pragma warning disable CA1031 // No Docker engine (or no image) is an expected answer: fall back.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static async Task<Server> StartLocalClusterAsync()
    {
        SweepStoppedClusters();
        var directory = Path.Combine(Path.GetTempPath(), $"amk-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        var cluster = await LocalPostgresCluster.StartAsync(
            directory, directory + "-fallback", fastButUnsafe: true, _ => { });
        return new Server(cluster.ConnectionString("postgres"), async () =>
        {
            await cluster.DisposeAsync();
            TryDelete(directory);
        });
    }

    /// <summary>
    /// Earlier runs' clusters are stopped at exit, but the test host may end before their folders are
    /// deleted; a folder whose server is not running (no postmaster.pid) is removed here instead.
    /// </summary>
    private static void SweepStoppedClusters()
    {
        foreach (var directory in Directory.EnumerateDirectories(Path.GetTempPath(), "amk-tests-*"))
        {
            if (!File.Exists(Path.Combine(directory, "data", "postmaster.pid"))
                && Directory.GetLastWriteTimeUtc(directory) < DateTime.UtcNow.AddMinutes(-10))
            {
                TryDelete(directory);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; a later run sweeps it.
        }
    }
}
