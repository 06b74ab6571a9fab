using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace AgentMarketplace.LocalPostgres;

/// <summary>
/// A PostgreSQL cluster of our own: initdb into a folder, start on a free loopback port (TCP only,
/// no unix socket), password-protected, stopped again by <see cref="DisposeAsync"/>. initdb and
/// postgres refuse to run as root, so as root they run as the `postgres` system user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private readonly string _binaries;
    private readonly string _dataDirectory;
    private readonly bool _asPostgresUser;
    private bool _running;

    public string BaseDirectory { get; }
    public int Port { get; }
    public string Password { get; }

    private LocalPostgresCluster(string binaries, string baseDirectory, bool asPostgresUser, int port, string password)
    {
        _binaries = binaries;
        BaseDirectory = baseDirectory;
        _dataDirectory = Path.Combine(baseDirectory, "data");
        _asPostgresUser = asPostgresUser;
        Port = port;
        Password = password;
    }

    /// <summary>
    /// Starts (creating on first use) the cluster under <paramref name="baseDirectory"/>. When the
    /// postgres user cannot reach that folder (a checkout under a mode-700 home, say), the cluster
    /// lives in <paramref name="fallbackDirectory"/> instead.
    /// </summary>
    public static async Task<LocalPostgresCluster> StartAsync(
        string baseDirectory, string fallbackDirectory, bool fastButUnsafe, Action<string> log, CancellationToken ct = default)
    {
        var binaries = PostgresBinaries.FindDirectory() ?? throw new PostgresNotFoundException();
        var asPostgresUser = Environment.UserName == "root";
        var directory = await PrepareDirectoryAsync(baseDirectory, asPostgresUser, ct);
        if (directory is null)
        {
            log($"The postgres user cannot reach {baseDirectory}; using {fallbackDirectory} instead.");
            directory = await PrepareDirectoryAsync(fallbackDirectory, asPostgresUser, ct)
                ?? throw new InvalidOperationException($"The postgres user cannot write to {fallbackDirectory}.");
        }

        var passwordFile = Path.Combine(directory, "superuser.password");
        var cluster = new LocalPostgresCluster(binaries, directory, asPostgresUser, FreeLoopbackPort(),
            File.Exists(passwordFile) ? (await File.ReadAllTextAsync(passwordFile, ct)).Trim() : NewPassword());

        if (!File.Exists(Path.Combine(cluster._dataDirectory, "PG_VERSION")))
        {
            log($"Creating a private PostgreSQL cluster in {cluster._dataDirectory}");
            await cluster.InitDbAsync(passwordFile, fastButUnsafe, ct);
        }

        // A cluster left running by a process that died is stopped first: it may hold another port.
        await cluster.RunAsync("pg_ctl", ["stop", "-D", cluster._dataDirectory, "-m", "immediate"], ct, ignoreFailure: true);
        await cluster.StartServerAsync(ct);
        log($"Private PostgreSQL listening on 127.0.0.1:{cluster.Port}");
        return cluster;
    }

    /// <summary>
    /// Stops the server the way a crash or an operator's `pg_ctl stop -m immediate` does: every connection is
    /// cut at once, and the next start recovers from the log. For tests of what clients see in an outage.
    /// </summary>
    public async Task StopImmediatelyAsync(CancellationToken ct = default)
    {
        _running = false;
        await RunAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "immediate", "-w"], ct);
    }

    /// <summary>Starts a stopped cluster again, on the same port; returns once it accepts connections.</summary>
    public Task StartAgainAsync(CancellationToken ct = default) => StartServerAsync(ct);

    private async Task StartServerAsync(CancellationToken ct)
    {
        await RunAsync("pg_ctl",
            ["start", "-w", "-t", "60", "-D", _dataDirectory, "-l", Path.Combine(BaseDirectory, "postgres.log"),
             "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''"], ct);
        _running = true;
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    public async Task CreateDatabaseIfMissingAsync(string database, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(ct) is not null)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_running)
        {
            return;
        }

        _running = false;
        await RunAsync("pg_ctl", ["stop", "-D", _dataDirectory, "-m", "fast", "-w"], CancellationToken.None, ignoreFailure: true);
    }

    private async Task InitDbAsync(string passwordFile, bool fastButUnsafe, CancellationToken ct)
    {
        await File.WriteAllTextAsync(passwordFile, Password, ct);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        if (_asPostgresUser)
        {
            await Chown(passwordFile, ct);
        }

        await RunAsync("initdb",
            ["-D", _dataDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth", "scram-sha-256",
             "-E", "UTF8", "--locale", "C.UTF-8"], ct);
        // The working set fits in memory: random reads cost about what sequential ones do, and saying so
        // lets the planner use the search indexes for broad matches (docs/benchmarks.md).
        // A host holds at most Npgsql's 100 pooled connections and closes them as it stops: room for the few
        // test classes that run at once, each with a host or two.
        var settings = "\nmax_connections = 300\nshared_buffers = 128MB\nrandom_page_cost = 1.1\n";
        if (fastButUnsafe)
        {
            // Test clusters are thrown away: durability is not worth the fsyncs.
            settings += "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        }

        await File.AppendAllTextAsync(Path.Combine(_dataDirectory, "postgresql.conf"), settings, ct);
    }

    private static async Task<string?> PrepareDirectoryAsync(string directory, bool asPostgresUser, CancellationToken ct)
    {
        directory = Path.GetFullPath(directory);
        Directory.CreateDirectory(directory);
        if (!asPostgresUser)
        {
            return directory;
        }

        await Chown(directory, ct);
        var canWrite = await Process("runuser", ["-u", Superuser, "--", "test", "-w", directory], ct);
        return canWrite.ExitCode == 0 ? directory : null;
    }

    private static async Task Chown(string path, CancellationToken ct)
    {
        var result = await Process("chown", [$"{Superuser}:{Superuser}", path], ct);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {path} failed: {result.Output}");
        }
    }

    private async Task RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken ct, bool ignoreFailure = false)
    {
        var executable = Path.Combine(_binaries, tool);
        var result = _asPostgresUser
            ? await Process("runuser", ["-u", Superuser, "--", executable, .. arguments], ct)
            : await Process(executable, arguments, ct);
        if (result.ExitCode != 0 && !ignoreFailure)
        {
            var logFile = Path.Combine(BaseDirectory, "postgres.log");
            var serverLog = File.Exists(logFile) ? File.ReadLines(logFile).TakeLast(20) : [];
            throw new InvalidOperationException(
                $"{tool} failed with exit code {result.ExitCode}: {result.Output}\n{string.Join('\n', serverLog)}");
        }
    }

    private static async Task<(int ExitCode, string Output)> Process(string fileName, IReadOnlyList<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server must not inherit our stdout, or whoever reads it waits for the server to exit.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, (await stdout + await stderr).Trim());
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string NewPassword() => Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
}
