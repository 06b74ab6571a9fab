using System.Threading.Channels;
using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Gateway;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// Group commit for what each call leaves behind — the invocation record (monitoring), the usage event
/// (Billing) and, for a call that counts, its use of the caller's quota (Users): callers hand them over
/// and await the commit of the batch they land in, so all are durable before the gateway answers, yet
/// concurrent calls share one round trip instead of paying one each. The three modules' writes go out
/// as one <see cref="WriteBatch"/>: Billing and Users add the statements for their own tables (asked
/// through their contracts), this module adds its own, and PostgreSQL commits them as one transaction,
/// with one flush of its log. A batch that fails to commit fails its callers, whose admissions are given
/// back, and leaves nothing behind in any module. (If the connection is lost after PostgreSQL committed
/// but before it answered, the callers get an error for calls that were recorded, counted and billed;
/// the instance's share then errs on the safe side until its lease lapses.) A few batches commit at
/// once (while one waits for its commit, the next calls need not wait for it), and the per-agent
/// counters announced after a commit go out on a queue of their own, so neither holds up the next batch.
/// </summary>
internal sealed class InvocationLog(
    IServiceScopeFactory scopes, NpgsqlDataSource database, QuotaLeases quotas, DeploymentMetrics metrics, TimeProvider clock,
    ILogger<InvocationLog> logger)
    : BackgroundService
{
    private const int MaxBatch = 512;
    private const int Committers = 4;
    private static readonly TimeSpan AnnounceEvery = TimeSpan.FromMilliseconds(50);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>();

    private readonly Channel<IReadOnlyList<Pending>> _toAnnounce =
        Channel.CreateUnbounded<IReadOnlyList<Pending>>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary><paramref name="quotaUse"/>: null for a call that does not count against the caller's quota.</summary>
    public Task RecordAsync(Invocation record, UsageEvent usage, QuotaUse? quotaUse)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(record, usage, quotaUse, committed)))
        {
            committed.SetException(new InvalidOperationException("The invocation log is shutting down."));
        }

        return committed.Task;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var announcing = AnnounceAsync();
        await Task.WhenAll(Enumerable.Range(0, Committers).Select(_ => CommitLoopAsync(stoppingToken)));
        _toAnnounce.Writer.TryComplete();
        await announcing;
    }

    private async Task CommitLoopAsync(CancellationToken stoppingToken)
    {
        await using var connection = new HeldConnection(database);
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
                    await CommitAsync(batch, connection);
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
            await CommitAsync(batch, connection);
        }
    }

    private async Task CommitAsync(List<Pending> batch, HeldConnection connection)
    {
        var quotaUses = batch.Where(b => b.QuotaUse is not null).Select(b => b.QuotaUse!).ToList();
        try
        {
            await WriteAsync(batch, quotaUses, connection);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record {Count} invocations", batch.Count);
            quotaUses.ForEach(use => quotas.GiveBack(use.UserId, use.Month, use.ReservedCents));
            batch.ForEach(b => b.Committed.TrySetException(e));
            await connection.ReplaceAsync();
            return;
        }

        quotas.Reported(quotaUses);
        metrics.UsageRecorded(batch.Count);
        batch.ForEach(b => b.Committed.TrySetResult());
        _toAnnounce.Writer.TryWrite([.. batch]);
    }

    /// <summary>
    /// The statements' order matters to waiting, not to deadlocks: Billing's shared period lock comes
    /// before Users' row locks, so a batch queued behind a billing run holds no quota rows, and lease
    /// renewals (which lock those rows) are not held up for the run's length.
    /// </summary>
    private async Task WriteAsync(List<Pending> batch, List<QuotaUse> quotaUses, HeldConnection connection)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var writes = new WriteBatch();
        AddInvocations(writes, batch.ConvertAll(b => b.Record));
        await mediator.Send(new RecordUsage(batch.ConvertAll(b => b.Usage), writes), CancellationToken.None);
        if (quotaUses.Count > 0)
        {
            await mediator.Send(new RecordQuotaUse(quotas.Holder, quotaUses, writes), CancellationToken.None);
        }

        await writes.ExecuteAsync(await connection.OpenAsync(), transaction: null, CancellationToken.None);
    }

    /// <summary>One statement of arrays for the batch: EF's insert would track and parameterize every row.</summary>
    private static void AddInvocations(WriteBatch writes, List<Invocation> records) =>
        writes.Add("""
            INSERT INTO deployment.invocations
                (deployment_id, capability, version, outcome, status, latency_ms, units, claimed_units, error, occurred_at)
            SELECT * FROM unnest(@deployments, @capabilities, @versions, @outcomes, @statuses, @latencies, @units, @claimed, @errors, @occurred)
            """,
            [
                SqlArrays.Parameter("deployments", records.ConvertAll(r => r.DeploymentId), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("capabilities", records.ConvertAll(r => r.Capability), NpgsqlDbType.Text),
                SqlArrays.Parameter("versions", records.ConvertAll(r => r.Version), NpgsqlDbType.Text),
                SqlArrays.Parameter("outcomes", records.ConvertAll(r => r.Outcome), NpgsqlDbType.Text),
                SqlArrays.Parameter("statuses", records.ConvertAll(r => r.Status), NpgsqlDbType.Integer),
                SqlArrays.Parameter("latencies", records.ConvertAll(r => r.LatencyMs), NpgsqlDbType.Integer),
                SqlArrays.Parameter("units", records.ConvertAll(r => r.Units), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("claimed", records.ConvertAll(r => r.ClaimedUnits), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("errors", records.ConvertAll(r => r.Error), NpgsqlDbType.Text),
                SqlArrays.Parameter("occurred", records.ConvertAll(r => r.OccurredAt), NpgsqlDbType.TimestampTz),
            ]);

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
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record the reliability of {Count} calls", counted.Count);
        }
    }

    /// <summary>
    /// Each committer keeps a connection of its own between batches: a pooled one is reset (a statement of
    /// its own on the server, ahead of the batch's) every time it is taken again. After a failure it is
    /// replaced, since it may be broken.
    /// </summary>
    private sealed class HeldConnection(NpgsqlDataSource database) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;

        public async Task<NpgsqlConnection> OpenAsync() => _connection ??= await database.OpenConnectionAsync();

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
}
