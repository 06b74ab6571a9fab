using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Deployment.Deployments;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Deployment.Runtimes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// Probes every live deployment's health on an interval, backing off exponentially while one stays
/// unhealthy, and records each change of status. Each round holds a PostgreSQL advisory lock, so
/// with several instances of the service on one database a deployment is probed by one of them.
/// </summary>
internal sealed class HealthProber(
    IServiceScopeFactory scopes,
    IOptions<DeploymentOptions> options,
    TimeProvider clock,
    DeploymentMetrics metrics,
    ILogger<HealthProber> logger) : IScheduledJob
{
    private const int BatchSize = 100;

    public string Name => "deployment.health-probe";

    /// <summary>Often enough for the shortest probe interval; each deployment keeps its own next-probe time.</summary>
    public TimeSpan Interval => TimeSpan.FromSeconds(Math.Min(5, options.Value.HealthProbeIntervalSeconds));

    public Task RunAsync(CancellationToken ct) => ProbeDueAsync(ct);

    /// <summary>Probes the deployments whose time has come; returns how many were probed.</summary>
    public async Task<int> ProbeDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeploymentDbContext>();
        var runtime = scope.ServiceProvider.GetRequiredService<IDeploymentRuntime>();
        var manager = scope.ServiceProvider.GetRequiredService<DeploymentManager>();

        // The whole round is one transaction (it holds the lock); a retry re-probes, which is harmless.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var locked = await DeploymentStatements.TryLockProbeRoundAsync(db, ct);
            if (!locked)
            {
                return 0; // Another instance is probing this round.
            }

            var now = clock.GetUtcNow();
            var due = await db.Deployments.Include(d => d.Revisions)
                .Where(d => d.Status != DeploymentStatus.Stopped && d.NextProbeAt <= now)
                .OrderBy(d => d.NextProbeAt)
                .Take(BatchSize)
                .ToListAsync(ct);
            foreach (var deployment in due)
            {
                var live = deployment.Revisions.Single(r => r.Number == deployment.LiveRevision);
                var check = await runtime.CheckHealthAsync(manager.Spec(deployment.Id, live), ct);
                Apply(db, deployment, check, clock.GetUtcNow());
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return due.Count;
        });
    }

    private void Apply(DeploymentDbContext db, AgentDeployment deployment, RuntimeCheck check, DateTimeOffset now)
    {
        var settings = options.Value;
        var status = check.Healthy ? DeploymentStatus.Healthy : DeploymentStatus.Unhealthy;
        if (status != deployment.Status)
        {
            db.HealthChanges.Add(new HealthChange { DeploymentId = deployment.Id, From = deployment.Status, To = status, Error = check.Error, At = now });
            logger.LogWarning("Deployment {DeploymentId} is now {Status}: {Error}", deployment.Id, status, check.Error);
            metrics.HealthChanged(status);
        }

        deployment.Status = status;
        deployment.LastHealthError = check.Error;
        deployment.LastHealthCheckAt = now;
        deployment.ConsecutiveProbeFailures = check.Healthy ? 0 : deployment.ConsecutiveProbeFailures + 1;
        var wait = settings.HealthProbeIntervalSeconds * Math.Pow(2, Math.Min(deployment.ConsecutiveProbeFailures, 16));
        deployment.NextProbeAt = now.AddSeconds(Math.Min(wait, Math.Max(settings.MaxProbeBackoffSeconds, settings.HealthProbeIntervalSeconds)));
    }
}
