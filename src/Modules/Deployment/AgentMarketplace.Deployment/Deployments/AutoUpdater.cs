using System.Collections.Concurrent;
using System.Threading.Channels;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// `autoUpdate: "compatible"`: moves each such deployment to the highest verified version on its major line
/// that breaks nothing of the version it runs (the Registry judges, <see cref="CheckDeployedVersions"/>), through
/// the owner's health-checked update, so a version whose check fails leaves the old revision live. A version is
/// tried once per deployment. It looks when the Registry announces a verified version (on the instance that
/// verified it, one agent after another, in the background) and, for what an instance missed (stopped
/// meanwhile), as the scheduled job `deployment.auto-update` over every such deployment.
/// </summary>
internal sealed class AutoUpdater(IServiceScopeFactory scopes, ILogger<AutoUpdater> logger) : BackgroundService, IScheduledJob
{
    private const int DeploymentsPerQuery = 200;

    /// <summary>Read by one loop, but not declared single-reader: such a channel cannot say how many wait (<see cref="Waiting"/>).</summary>
    private readonly Channel<Guid> _agents = Channel.CreateUnbounded<Guid>();

    /// <summary>The agents in the channel: each waits there once however often it is asked for, so the queue is bounded by the agents.</summary>
    private readonly ConcurrentDictionary<Guid, byte> _queued = new();

    public string Name => "deployment.auto-update";

    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    /// <summary>How many agents wait to be looked at.</summary>
    public int Waiting => _agents.Reader.Count;

    /// <summary>The agent's auto-updating deployments are looked at soon (a version of it was verified, or a deployment opted in).</summary>
    public void LookSoon(Guid agentId)
    {
        if (_queued.TryAdd(agentId, 0))
        {
            _agents.Writer.TryWrite(agentId);
        }
    }

    public Task RunAsync(CancellationToken ct) => UpdateAsync(null, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var agentId in _agents.Reader.ReadAllAsync(stoppingToken))
            {
                // Taken off before the look: a version verified during it queues the agent again.
                _queued.TryRemove(agentId, out _);
                try
                {
                    await UpdateAsync(agentId, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Automatic updates of agent {AgentId}'s deployments failed; the scheduled job tries again", agentId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is queued is left to the scheduled job.
        }
    }

    /// <summary>Updates the auto-updating deployments of <paramref name="agentId"/> (null: of every agent); returns how many it tried.</summary>
    public async Task<int> UpdateAsync(Guid? agentId, CancellationToken ct)
    {
        List<Candidate> candidates;
        await using (var scope = scopes.CreateAsyncScope())
        {
            candidates = await scope.ServiceProvider.GetRequiredService<DeploymentDbContext>().Deployments.AsNoTracking()
                .Where(d => d.AutoUpdate == AutoUpdateModes.Compatible && d.Status != DeploymentStatus.Stopped
                            && (agentId == null || d.AgentId == agentId))
                .Select(d => new Candidate(d.Id, d.OwnerId, d.AgentId, d.AutoUpdateVersion,
                    d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => r.Version).First()))
                .ToListAsync(ct);
        }

        var tried = 0;
        foreach (var chunk in candidates.Chunk(DeploymentsPerQuery))
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            var states = (await mediator.Send(new CheckDeployedVersions(chunk.Select(c => new DeployedVersionRef(c.AgentId, c.Live)).Distinct().ToList()), ct))
                .ToDictionary(s => (s.AgentId, s.Version));
            foreach (var candidate in chunk)
            {
                if (states.GetValueOrDefault((candidate.AgentId, candidate.Live))?.CompatibleUpdate is not { } target || target == candidate.Tried)
                {
                    continue;
                }

                await using var updateScope = scopes.CreateAsyncScope();
                var result = await updateScope.ServiceProvider.GetRequiredService<DeploymentManager>()
                    .AutoUpdateAsync(candidate.OwnerId, candidate.Id, target, ct);
                tried++;
                logger.LogInformation("Deployment {DeploymentId} automatically updated from {From} to {To}: {Outcome}", candidate.Id, candidate.Live, target,
                    !result.IsSuccess ? result.Error!.Detail : result.Value.RolledBack == true ? "rolled back" : "live");
            }
        }

        return tried;
    }

    private sealed record Candidate(Guid Id, Guid OwnerId, Guid AgentId, string? Tried, string Live);
}
