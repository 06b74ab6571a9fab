using System.Threading.Channels;
using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// Group commit for what each call leaves behind — the invocation record (monitoring) and the usage
/// event (Billing): callers hand them over and await the commit of the batch they land in, so both
/// are durable before the gateway answers, yet concurrent calls share one round trip per batch
/// instead of paying one each. Monitoring is written first, then usage; a failed batch fails its
/// callers, who are not billed for calls they saw fail. A few batches commit at once (while one waits
/// for its commit, the next calls need not wait for it), and the per-agent counters announced after a
/// commit go out on a queue of their own, so neither holds up the next batch.
/// </summary>
internal sealed class InvocationLog(IServiceScopeFactory scopes, DeploymentMetrics metrics, ILogger<InvocationLog> logger) : BackgroundService
{
    private const int MaxBatch = 512;
    private const int Committers = 4;

    private readonly Channel<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(Invocation, UsageEvent, TaskCompletionSource)>();

    private readonly Channel<IReadOnlyList<UsageEvent>> _toAnnounce =
        Channel.CreateUnbounded<IReadOnlyList<UsageEvent>>(new UnboundedChannelOptions { SingleReader = true });

    public Task RecordAsync(Invocation record, UsageEvent usage)
    {
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((record, usage, committed)))
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
        var batch = new List<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)>(MaxBatch);
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
                    await CommitAsync(batch);
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
            await CommitAsync(batch);
        }
    }

    private async Task CommitAsync(List<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<DeploymentDbContext>();
            db.Invocations.AddRange(batch.Select(b => b.Record));
            await db.SaveChangesAsync(CancellationToken.None);
            await mediator.Send(new RecordUsage(batch.Select(b => b.Usage).ToList()), CancellationToken.None);
            metrics.UsageRecorded(batch.Count);
            batch.ForEach(b => b.Committed.SetResult());
            _toAnnounce.Writer.TryWrite(batch.Select(b => b.Usage).ToList());
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record {Count} invocations", batch.Count);
            batch.ForEach(b => b.Committed.SetException(e));
        }
    }

    /// <summary>After the callers are answered: popularity and analytics counters are not worth their latency.</summary>
    private async Task AnnounceAsync()
    {
        static DateOnly DayOf(UsageEvent usage) => DateOnly.FromDateTime(usage.OccurredAt.UtcDateTime);
        while (await _toAnnounce.Reader.WaitToReadAsync())
        {
            var recorded = new List<UsageEvent>();
            while (_toAnnounce.Reader.TryRead(out var batch))
            {
                recorded.AddRange(batch);
            }

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
    }
}
