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

    public static async Task<string> CreateDatabaseAsync() => await CreateDatabaseAsync((await Shared.Value).AdminConnectionString);

    /// <summary>
    /// A server of its own, for a test class that stops and starts it: never the shared one, which other
    /// classes use in parallel. Always a private cluster from the machine's binaries (they can be stopped
    /// and started again on the same port), with one fresh database.
    /// </summary>
    public static async Task<DedicatedPostgres> StartDedicatedAsync()
    {
        // Durable, unlike the shared server: a crash must not lose what was committed (and answered).
        var (cluster, directory) = await StartClusterAsync(fastButUnsafe: false);
        var server = new DedicatedPostgres(cluster, directory);
        server.ConnectionString = await CreateDatabaseAsync(cluster.ConnectionString("postgres"));
        return server;
    }

    private static async Task<string> CreateDatabaseAsync(string adminConnectionString)
    {
        var name = "test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
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
        var (cluster, directory) = await StartClusterAsync(fastButUnsafe: true);
        return new Server(cluster.ConnectionString("postgres"), async () =>
        {
            await cluster.DisposeAsync();
            TryDelete(directory);
        });
    }

    private static async Task<(LocalPostgresCluster Cluster, string Directory)> StartClusterAsync(bool fastButUnsafe)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"amk-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32]);
        var cluster = await LocalPostgresCluster.StartAsync(
            directory, directory + "-fallback", fastButUnsafe, _ => { });
        return (cluster, directory);
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

    internal static void TryDelete(string directory)
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

/// <summary>A PostgreSQL server a test class has to itself (<see cref="TestPostgres.StartDedicatedAsync"/>).</summary>
public sealed class DedicatedPostgres(LocalPostgresCluster cluster, string directory) : IAsyncDisposable
{
    /// <summary>The one database created on it.</summary>
    public string ConnectionString { get; internal set; } = "";

    /// <summary>Stops it as a crash would (immediate): every connection is cut.</summary>
    public Task StopAsync() => cluster.StopImmediatelyAsync();

    /// <summary>Starts it again on the same port; returns once it accepts connections.</summary>
    public Task StartAsync() => cluster.StartAgainAsync();

    public async ValueTask DisposeAsync()
    {
        await cluster.DisposeAsync();
        TestPostgres.TryDelete(directory);
    }
}
