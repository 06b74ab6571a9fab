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
/// callers, who are not billed for calls they saw fail.
/// </summary>
internal sealed class InvocationLog(IServiceScopeFactory scopes, DeploymentMetrics metrics, ILogger<InvocationLog> logger) : BackgroundService
{
    private const int MaxBatch = 512;

    private readonly Channel<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)> _pending =
        Channel.CreateUnbounded<(Invocation, UsageEvent, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });

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
        var batch = new List<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)>(MaxBatch);
        try
        {
            while (await _pending.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                await CommitAsync(batch);
                batch.Clear();
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
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record {Count} invocations", batch.Count);
            batch.ForEach(b => b.Committed.SetException(e));
            return;
        }

        await CountPerAgentAsync(mediator, batch);
    }

    /// <summary>After the callers are answered: popularity counters are not worth their latency.</summary>
    private async Task CountPerAgentAsync(IMediator mediator, List<(Invocation Record, UsageEvent Usage, TaskCompletionSource Committed)> batch)
    {
        static DateOnly DayOf(UsageEvent usage) => DateOnly.FromDateTime(usage.OccurredAt.UtcDateTime);
        var counts = batch
            .GroupBy(b => (b.Usage.AgentId, Day: DayOf(b.Usage)))
            .Select(g => new AgentInvocationCount(g.Key.AgentId, g.Key.Day, g.Count(), g.Count(b => !b.Usage.Billable)))
            .ToList();
        var callers = batch.Select(b => new CallerDay(b.Usage.UserId, DayOf(b.Usage))).Distinct().ToList();
        try
        {
            await mediator.Publish(new AgentInvocationsRecorded(counts, callers), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not announce {Count} recorded invocations", batch.Count);
        }
    }
}
