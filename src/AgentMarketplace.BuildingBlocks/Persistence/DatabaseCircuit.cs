using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.CircuitBreaker;

namespace AgentMarketplace.BuildingBlocks.Persistence;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>
    /// How long connections fail fast once PostgreSQL is found unreachable before one is tried again, and
    /// the Retry-After of the 503 answered meanwhile.
    /// </summary>
    [Range(1, 300)]
    public int BreakSeconds { get; set; } = 1;
}

/// <summary>
/// The host's one view of whether PostgreSQL can be reached: every connection the platform opens (EF Core's
/// through <see cref="DatabaseCircuitInterceptor"/>, the group commit's, the listener's, the health check's)
/// opens through one Polly circuit breaker. When half the attempts of the last two seconds (two at least)
/// fail as <see cref="PostgresErrors.IsDatabaseUnavailable"/>, it opens: for <see cref="DatabaseOptions.BreakSeconds"/>
/// an attempt throws <see cref="DatabaseUnavailableException"/> at once instead of waiting for a refusal
/// or a timeout; then one attempt is let through, and its success closes it. <see cref="DatabaseProbe"/>
/// makes that attempt when nothing else does. An outage is logged twice: a warning when it opens, an
/// information when it closes again.
/// </summary>
public sealed class DatabaseCircuit
{
    private readonly ResiliencePipeline _opening;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<DatabaseCircuit> _logger;
    private long _outageStarted; // a Stopwatch timestamp while PostgreSQL is unreachable, else 0
    private long _outagesSeen;

    public DatabaseCircuit(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options, ILogger<DatabaseCircuit> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        RetryAfter = TimeSpan.FromSeconds(options.Value.BreakSeconds);
        // Real time, not the injected clock: this paces connection attempts, it dates nothing.
        _opening = new ResiliencePipelineBuilder { TimeProvider = TimeProvider.System }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception?.IsDatabaseUnavailable() == true),
                FailureRatio = 0.5,
                MinimumThroughput = 2,
                SamplingDuration = TimeSpan.FromSeconds(2),
                BreakDuration = RetryAfter,
                StateProvider = _state,
                OnOpened = args =>
                {
                    OutageBegan(args.Outcome.Exception);
                    return default;
                },
                OnClosed = _ =>
                {
                    OutageEnded();
                    return default;
                },
            })
            .Build();
    }

    /// <summary>How long a caller refused for an outage should wait before trying again.</summary>
    public TimeSpan RetryAfter { get; }

    /// <summary>True while connections are attempted; false from the moment an outage is seen until an attempt succeeds again.</summary>
    public bool IsClosed => _state.CircuitState == CircuitState.Closed;

    /// <summary>How many outages this process has seen: a connection held since before the last one is dead.</summary>
    public long OutagesSeen => Interlocked.Read(ref _outagesSeen);

    /// <summary>Opens <paramref name="connection"/>, or throws <see cref="DatabaseUnavailableException"/> at once while PostgreSQL is known to be down.</summary>
    public async Task OpenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await _opening.ExecuteAsync(static async (c, token) => await c.OpenAsync(token), connection, ct);
        }
        catch (BrokenCircuitException e)
        {
            throw Unavailable(e);
        }
    }

    /// <inheritdoc cref="OpenAsync(NpgsqlConnection, CancellationToken)"/>
    public void Open(NpgsqlConnection connection)
    {
        try
        {
            _opening.Execute(static c => c.Open(), connection);
        }
        catch (BrokenCircuitException e)
        {
            throw Unavailable(e);
        }
    }

    /// <summary>A connection of the host's data source, opened through the circuit; the caller disposes it.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken ct)
    {
        var connection = _dataSource.CreateConnection();
        try
        {
            await OpenAsync(connection, ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static DatabaseUnavailableException Unavailable(BrokenCircuitException e) =>
        new("PostgreSQL cannot be reached right now.", e);

    private void OutageBegan(Exception? cause)
    {
        // The circuit opens again after each failed attempt of the same outage: only the first is news.
        if (Interlocked.CompareExchange(ref _outageStarted, Stopwatch.GetTimestamp(), 0) == 0)
        {
            Interlocked.Increment(ref _outagesSeen);
            _logger.LogWarning(cause,
                "PostgreSQL cannot be reached: requests that need it are answered 503 and background work waits; trying again every {BreakSeconds} s",
                RetryAfter.TotalSeconds);
        }
    }

    private void OutageEnded()
    {
        var started = Interlocked.Exchange(ref _outageStarted, 0);
        if (started != 0)
        {
            _logger.LogInformation("PostgreSQL answers again after {OutageSeconds:F1} s unreachable",
                Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}

/// <summary>
/// While the circuit is open, tries a connection every <see cref="DatabaseCircuit.RetryAfter"/>, so that it
/// closes as soon as PostgreSQL answers even when no request or job happens to try.
/// </summary>
internal sealed class DatabaseProbe(DatabaseCircuit circuit) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(circuit.RetryAfter, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (circuit.IsClosed)
            {
                continue;
            }

            try
            {
                await using var connection = await circuit.OpenConnectionAsync(stoppingToken);
            }
            catch (Exception e) when (e.IsDatabaseUnavailable())
            {
                // Still down (or another attempt is the one let through): the circuit has said so once.
            }
        }
    }
}
