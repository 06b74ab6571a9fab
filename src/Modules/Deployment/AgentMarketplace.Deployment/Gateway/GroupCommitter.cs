using System.Collections.Concurrent;
using System.Data;
using System.Threading.Channels;
using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Monitoring;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// Group commit for what each call leaves behind — the invocation record (monitoring), the usage event
/// (Billing) and, for a call that counts, its use of the caller's quota (Users): callers hand them over
/// and await the commit of the batch they land in, so all are durable before the gateway answers, yet
/// concurrent calls share one round trip instead of paying one each. The three modules' writes go out
/// as one <see cref="WriteBatch"/>: Billing and Users add the statements for their own tables (asked
/// through their contracts), this module adds its own, and PostgreSQL commits them as one transaction,
/// with one flush of its log. A batch that fails to commit fails its callers, whose admissions are given
/// back, and leaves nothing behind in any module; when the cause is a database that cannot be reached,
/// they are answered 503. A batch whose connection is lost with its commit under way (sent, its answer
/// not back) is in doubt: its callers wait until PostgreSQL answers again and <see cref="CommitMarkers"/>
/// tells whether it committed (200) or not (it never will then, and is written again; see
/// <see cref="SettleAsync"/>). So a call answered 200 is recorded exactly once, and nothing answered 503
/// is counted or billed (docs/adr/0006-database-outages.md). A few batches commit at
/// once (while one waits for its commit, the next calls need not wait for it), and the per-agent
/// counters announced after a commit go out on a queue of their own, so neither holds up the next batch.
/// </summary>
internal sealed class GroupCommitter(
    IServiceScopeFactory scopes, DatabaseCircuit database, DeploymentMetrics metrics, TimeProvider clock, ILogger<GroupCommitter> logger)
    : BackgroundService
{
    private const int MaxBatch = 512;
    private const int Committers = 4;
    private const int MaxRewrites = 2;
    private static readonly TimeSpan AnnounceEvery = TimeSpan.FromMilliseconds(50);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>();

    /// <summary>Batches in doubt, being settled (see <see cref="SettleAsync"/>).</summary>
    private readonly ConcurrentDictionary<Task, bool> _settling = new();

    private readonly Channel<IReadOnlyList<Pending>> _toAnnounce =
        Channel.CreateUnbounded<IReadOnlyList<Pending>>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary><paramref name="quotaUse"/>: null for a call that does not count against the caller's quota.</summary>
    public Task RecordAsync(Invocation record, UsageEvent usage, QuotaUse? quotaUse)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(record, usage, quotaUse, committed)))
        {
            committed.SetException(new InvalidOperationException("The group committer is shutting down."));
        }

        return committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcing = AnnounceAsync();
        await Task.WhenAll(Enumerable.Range(0, Committers).Select(_ => CommitLoopAsync(stoppingToken)));
        await Task.WhenAll(_settling.Keys);
        _toAnnounce.Writer.TryComplete();
        await announcing;
    }

    private async Task CommitLoopAsync(CancellationToken stoppingToken)
    {
        await using var connection = new HeldConnection(database);
        var markers = new CommitMarkers();
        var batch = new List<Pending>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(batch, connection, markers, stoppingToken);
                    batch.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is written below.
        }

        _pending.Writer.TryComplete();
        while (_pending.Reader.TryRead(out var item))
        {
            batch.Add(item);
        }

        if (batch.Count > 0)
        {
            await CommitAsync(batch, connection, markers, stoppingToken);
        }
    }

    private async Task CommitAsync(List<Pending> batch, HeldConnection connection, CommitMarkers markers, CancellationToken stoppingToken)
    {
        var quotaUses = batch.Where(b => b.QuotaUse is not null).Select(b => b.QuotaUse!).ToList();
        var attempt = await AttemptAsync(batch, quotaUses, connection, markers);
        if (attempt.Failure is not null)
        {
            await connection.ReplaceAsync();
        }

        if (attempt.InDoubt)
        {
            // Its callers wait for the answer; the calls after them need not (while PostgreSQL is down they fail fast).
            var settling = SettleAsync([.. batch], quotaUses, attempt, stoppingToken);
            _settling.TryAdd(settling, true);
            _ = settling.ContinueWith(done => _settling.TryRemove(done, out _), TaskScheduler.Default);
            return;
        }

        await FinishAsync(batch, quotaUses, attempt.Failure);
    }

    private async Task FinishAsync(List<Pending> batch, List<QuotaUse> quotaUses, Exception? failure)
    {
        if (failure is not null)
        {
            if (!failure.IsDatabaseUnavailable())
            {
                logger.LogError(failure, "Could not record {Count} invocations", batch.Count);
            }

            await SettleQuotaUseAsync(quotaUses, recorded: false);
            batch.ForEach(b => b.Committed.TrySetException(failure));
            return;
        }

        await SettleQuotaUseAsync(quotaUses, recorded: true);
        metrics.UsageRecorded(batch.Count);
        batch.ForEach(b => b.Committed.TrySetResult());
        _toAnnounce.Writer.TryWrite([.. batch]);
    }

    /// <summary>
    /// Before the callers are answered, Users' in-memory shares learn the batch's fate (in process, no round
    /// trip): recorded calls leave the share, unrecorded ones are admitted again.
    /// </summary>
    private async Task SettleQuotaUseAsync(List<QuotaUse> quotaUses, bool recorded)
    {
        if (quotaUses.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SettleQuotaUse(quotaUses, recorded), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The shares' leases lapse on their own; the callers must be answered regardless.
            logger.LogError(e, "Could not settle the quota use of {Count} calls", quotaUses.Count);
        }
    }

    /// <summary>
    /// Writes the batch once. A statement the server refused rolled it back, and said so on a connection still
    /// open: a failure. Any other failure once the batch was sent leaves it in doubt: it may have committed.
    /// </summary>
    private async Task<Attempt> AttemptAsync(List<Pending> batch, List<QuotaUse> quotaUses, HeldConnection connection, CommitMarkers markers)
    {
        var writes = new WriteBatch();
        Guid marker;
        NpgsqlConnection open;
        try
        {
            marker = markers.AddTo(writes);
            await AddWritesAsync(writes, batch, quotaUses);
            open = await connection.OpenAsync();
        }
        catch (Exception e)
        {
            return new Attempt(e, Guid.Empty, InDoubt: false); // nothing was sent
        }

        try
        {
            await writes.ExecuteAsync(open, transaction: null, CancellationToken.None);
            markers.Committed(marker);
            return new Attempt(null, marker, InDoubt: false);
        }
        catch (Exception e)
        {
            return new Attempt(e, marker, InDoubt: e is not PostgresException || open.FullState != ConnectionState.Open);
        }
    }

    /// <summary>
    /// The statements' order matters to waiting, not to deadlocks: Billing's shared period lock comes
    /// before Users' row locks, so a batch queued behind a billing run holds no quota rows, and lease
    /// renewals (which lock those rows) are not held up for the run's length.
    /// </summary>
    private async Task AddWritesAsync(WriteBatch writes, List<Pending> batch, List<QuotaUse> quotaUses)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        InvocationStatements.AddInsert(writes, batch.ConvertAll(b => b.Record));
        await mediator.Send(new RecordUsage(batch.ConvertAll(b => b.Usage), writes), CancellationToken.None);
        if (quotaUses.Count > 0)
        {
            await mediator.Send(new RecordQuotaUse(quotaUses, writes), CancellationToken.None);
        }
    }

    /// <summary>
    /// A batch in doubt: once PostgreSQL answers, its marker tells whether it committed (200 for its callers).
    /// If it did not, it never can, and it is written again on a connection of its own — the one it was cut
    /// off on may only have gone stale, as after a restart — up to <see cref="MaxRewrites"/> times while
    /// each attempt is cut off in turn; a batch that ends up not recorded gets its callers 503. They wait
    /// meanwhile; if the service stops first, they are told the outcome is unknown.
    /// </summary>
    private async Task SettleAsync(List<Pending> batch, List<QuotaUse> quotaUses, Attempt cutOff, CancellationToken stoppingToken)
    {
        // Without the exception itself: the log keeps an outage's exceptions to the circuit's one line.
        logger.LogWarning(
            "The connection was lost ({Error}) while {Count} invocations were being committed; their callers wait until PostgreSQL tells whether they were",
            cutOff.Failure?.Message, batch.Count);
        var last = cutOff;
        var committed = await ResolveAsync(cutOff.Marker, stoppingToken);
        for (var rewrite = 1; committed == false && last.InDoubt && rewrite <= MaxRewrites; rewrite++)
        {
            await using var connection = new HeldConnection(database);
            last = await AttemptAsync(batch, quotaUses, connection, new CommitMarkers());
            committed = last.InDoubt ? await ResolveAsync(last.Marker, stoppingToken) : last.Failure is null;
        }

        logger.LogInformation("The {Count} invocations whose commit was cut off are {Outcome}", batch.Count,
            committed switch { true => "recorded", false => "not recorded", null => "of unknown fate: the service stopped first" });
        await FinishAsync(batch, quotaUses, committed switch
        {
            true => null,
            false when last.InDoubt && last.Failure?.IsDatabaseUnavailable() != true =>
                new DatabaseUnavailableException("PostgreSQL went away before the invocations were recorded.", last.Failure),
            false => last.Failure,
            null => new InvalidOperationException("The service stopped before it could tell whether the invocations were recorded.", last.Failure),
        });
    }

    /// <summary>
    /// Asks every <see cref="DatabaseCircuit.RetryAfter"/> until PostgreSQL answers; null if the service
    /// stops first (a service that is stopping still asks once).
    /// </summary>
    private async Task<bool?> ResolveAsync(Guid marker, CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                try
                {
                    await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
                    return await CommitMarkers.ResolveAsync(connection, marker, CancellationToken.None);
                }
                catch (Exception e) when (e.IsDatabaseUnavailable())
                {
                    // Still down; the circuit has said so once.
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not find out whether a cut-off group commit was recorded; asking again");
                }

                await Task.Delay(database.RetryAfter, TimeProvider.System, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// After the callers are answered: popularity and analytics counters, and the versions' reliability, are not
    /// worth their latency.
    /// </summary>
    private async Task AnnounceAsync()
    {
        while (await _toAnnounce.Reader.WaitToReadAsync())
        {
            // Counters need not move on every call: a short wait lets a slow stream of calls share one
            // announcement (and its writes in Marketplace and Operations) instead of paying one each.
            // Real time, not the clock: this paces work, it dates nothing.
            await Task.Delay(AnnounceEvery, TimeProvider.System);
            var pending = new List<Pending>();
            while (_toAnnounce.Reader.TryRead(out var batch))
            {
                pending.AddRange(batch);
            }

            await AnnounceCountsAsync(pending.ConvertAll(p => p.Usage));
            await AnnounceReliabilityAsync(pending);
        }
    }

    private async Task AnnounceCountsAsync(List<UsageEvent> recorded)
    {
        static DateOnly DayOf(UsageEvent usage) => DateOnly.FromDateTime(usage.OccurredAt.UtcDateTime);
        var counts = recorded
            .GroupBy(u => (u.AgentId, Day: DayOf(u)))
            .Select(g => new AgentInvocationCount(g.Key.AgentId, g.Key.Day, g.Count(), g.Count(u => !u.Billable)))
            .ToList();
        var callers = recorded.Select(u => new CallerDay(u.UserId, DayOf(u))).Distinct().ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Publish(new AgentInvocationsRecorded(counts, callers), CancellationToken.None);
        }
        catch (Exception e) when (e.IsDatabaseUnavailable())
        {
            // PostgreSQL went away after these were recorded: popularity and analytics miss them (billing does not).
            logger.LogDebug(e, "Could not announce {Count} recorded invocations", recorded.Count);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not announce {Count} recorded invocations", recorded.Count);
        }
    }

    /// <summary>Adds the calls that count to their versions' daily histograms, and announces those versions' figures.</summary>
    private async Task AnnounceReliabilityAsync(List<Pending> recorded)
    {
        var counted = recorded.Where(p => p.Record.Version is not null && ReliabilityBook.Counts(p.Record.Outcome))
            .Select(p => new CountedCall(p.Usage.AgentId, p.Record.Version!, DateOnly.FromDateTime(p.Record.OccurredAt.UtcDateTime),
                p.Record.LatencyMs, p.Record.Outcome == InvocationOutcome.Success))
            .ToList();
        if (counted.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var book = scope.ServiceProvider.GetRequiredService<ReliabilityBook>();
            await book.RecordAsync(counted, CancellationToken.None);
            var touched = counted.Select(c => (c.AgentId, c.Version)).ToHashSet();
            var figures = (await book.OfAgentsAsync(touched.Select(t => t.AgentId).Distinct().ToList(), CancellationToken.None))
                .Where(f => touched.Contains((f.AgentId, f.Version)))
                .ToList();
            await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Publish(new AgentVersionReliabilityChanged(figures, clock.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception e) when (e.IsDatabaseUnavailable())
        {
            logger.LogDebug(e, "Could not record the reliability of {Count} calls", counted.Count);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record the reliability of {Count} calls", counted.Count);
        }
    }

    /// <summary>
    /// Each committer keeps a connection of its own between batches: a pooled one is reset (a statement of
    /// its own on the server, ahead of the batch's) every time it is taken again. After a failure it is
    /// replaced, since it may be broken, and after an outage, since it is (a batch sent on it would be in
    /// doubt). It opens through the circuit, so it fails fast while PostgreSQL is down.
    /// </summary>
    private sealed class HeldConnection(DatabaseCircuit database) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;
        private long _outagesBefore;

        public async Task<NpgsqlConnection> OpenAsync()
        {
            if (_connection is not null && _outagesBefore != database.OutagesSeen)
            {
                await ReplaceAsync();
            }

            if (_connection is null)
            {
                _outagesBefore = database.OutagesSeen;
                _connection = await database.OpenConnectionAsync(CancellationToken.None);
            }

            return _connection;
        }

        public async Task ReplaceAsync()
        {
            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }

        public async ValueTask DisposeAsync() => await ReplaceAsync();
    }

    private sealed record Pending(Invocation Record, UsageEvent Usage, QuotaUse? QuotaUse, TaskCompletionSource Committed);

    /// <summary>How writing a batch went: committed (no failure), failed, or in doubt (see <see cref="AttemptAsync"/>).</summary>
    private readonly record struct Attempt(Exception? Failure, Guid Marker, bool InDoubt);
}
