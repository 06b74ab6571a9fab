using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>A gateway call that counts towards its version's reliability.</summary>
internal sealed record CountedCall(Guid AgentId, string Version, DateOnly Day, int LatencyMs, bool Succeeded);

/// <summary>
/// Reliability from real traffic: per agent version and UTC day, the calls that count (<see cref="Counts"/>) in a
/// latency histogram (<see cref="LatencyBuckets"/>), added after each group commit's callers are answered; the
/// figures over the last 7 and 30 days (today included) are sums of those rows, shown only from
/// <see cref="DeploymentOptions.ReliabilityMinimumCalls"/> calls on.
/// </summary>
internal sealed class ReliabilityBook(DeploymentDbContext db, IOptions<DeploymentOptions> options, TimeProvider clock)
{
    public const int ShortWindowDays = 7;
    public const int LongWindowDays = 30;

    /// <summary>
    /// Successful (billable) calls and those the agent failed (an error, garbage, too large, a timeout). Calls
    /// an open circuit refused never reached the agent; a caller's own mistakes (4xx) are never recorded at all.
    /// </summary>
    public static bool Counts(string outcome) =>
        outcome is InvocationOutcome.Success or InvocationOutcome.AgentError or InvocationOutcome.Timeout;

    public async Task RecordAsync(IReadOnlyList<CountedCall> calls, CancellationToken ct)
    {
        var rows = calls
            .GroupBy(c => (c.AgentId, c.Version, c.Day, Bucket: LatencyBuckets.Of(c.LatencyMs)))
            .Select(g => (g.Key, Successes: g.LongCount(c => c.Succeeded), Failures: g.LongCount(c => !c.Succeeded)))
            .OrderBy(r => r.Key.AgentId).ThenBy(r => r.Key.Version, StringComparer.Ordinal).ThenBy(r => r.Key.Day).ThenBy(r => r.Key.Bucket)
            .ToList();
        if (rows.Count == 0)
        {
            return;
        }

        await ReliabilitySql.AddCallsAsync(db,
            rows.ConvertAll(r => (r.Key.AgentId, r.Key.Version, r.Key.Day, r.Key.Bucket, r.Successes, r.Failures)), ct);
    }

    /// <summary>Every version of the agent with counted calls in the last 30 days.</summary>
    public Task<List<VersionReliability>> OfAgentsAsync(IReadOnlyCollection<Guid> agentIds, CancellationToken ct) =>
        ComputeAsync(db.VersionCallStats.Where(s => agentIds.Contains(s.AgentId)), ct);

    private async Task<List<VersionReliability>> ComputeAsync(IQueryable<VersionCallStats> stats, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var longSince = today.AddDays(-(LongWindowDays - 1));
        var shortSince = today.AddDays(-(ShortWindowDays - 1));
        var rows = await stats.AsNoTracking()
            .Where(s => s.Day >= longSince)
            .GroupBy(s => new { s.AgentId, s.Version, s.Bucket })
            .Select(g => new
            {
                g.Key.AgentId,
                g.Key.Version,
                g.Key.Bucket,
                ShortSuccesses = g.Sum(s => s.Day >= shortSince ? s.Successes : 0),
                ShortFailures = g.Sum(s => s.Day >= shortSince ? s.Failures : 0),
                LongSuccesses = g.Sum(s => s.Successes),
                LongFailures = g.Sum(s => s.Failures),
            })
            .ToListAsync(ct);
        return rows.GroupBy(r => (r.AgentId, r.Version))
            .Select(g =>
            {
                var buckets = g.OrderBy(r => r.Bucket).ToList();
                return new VersionReliability(g.Key.AgentId, g.Key.Version,
                    Figures(buckets.Select(r => (r.Bucket, r.ShortSuccesses, r.ShortFailures)).ToList()),
                    Figures(buckets.Select(r => (r.Bucket, r.LongSuccesses, r.LongFailures)).ToList()));
            })
            .ToList();
    }

    private ReliabilityFigures? Figures(List<(short Bucket, long Successes, long Failures)> histogram)
    {
        var successes = histogram.Sum(h => h.Successes);
        var calls = successes + histogram.Sum(h => h.Failures);
        if (calls < options.Value.ReliabilityMinimumCalls)
        {
            return null;
        }

        var latencies = histogram.Where(h => h.Successes > 0).Select(h => (h.Bucket, h.Successes)).ToList();
        return new ReliabilityFigures(calls, Math.Round((double)successes / calls, 4),
            LatencyBuckets.Percentile(latencies, 0.50), LatencyBuckets.Percentile(latencies, 0.95));
    }
}

internal sealed class GetAgentReliabilityHandler(ReliabilityBook book) : IQueryHandler<GetAgentReliability, IReadOnlyList<VersionReliability>>
{
    public async ValueTask<IReadOnlyList<VersionReliability>> Handle(GetAgentReliability query, CancellationToken cancellationToken) =>
        await book.OfAgentsAsync([query.AgentId], cancellationToken);
}

/// <summary>
/// Days slide out of the reliability windows with no call to notice: every hour this announces every version's
/// figures again (so search's copy follows), and forgets days older than the longest window.
/// </summary>
internal sealed class ReliabilityRefresh(IServiceScopeFactory scopes, TimeProvider clock) : IScheduledJob
{
    private const int AgentsPerAnnouncement = 500;

    public string Name => "deployment.reliability-refresh";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeploymentDbContext>();
        var book = scope.ServiceProvider.GetRequiredService<ReliabilityBook>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var longSince = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-(ReliabilityBook.LongWindowDays - 1));
        await db.VersionCallStats.Where(s => s.Day < longSince).ExecuteDeleteAsync(ct);
        var agents = await db.VersionCallStats.Select(s => s.AgentId).Distinct().ToListAsync(ct);
        foreach (var chunk in agents.Chunk(AgentsPerAnnouncement))
        {
            var figures = await book.OfAgentsAsync(chunk, ct);
            await mediator.Publish(new AgentVersionReliabilityChanged(figures, clock.GetUtcNow()), ct);
        }
    }
}
