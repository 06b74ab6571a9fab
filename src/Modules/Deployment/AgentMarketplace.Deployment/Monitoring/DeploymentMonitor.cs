using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Monitoring;

internal sealed class DeploymentMonitor(DeploymentDbContext db, TimeProvider clock)
{
    private const int RecentErrorCount = 20;

    public async Task<Result<MonitoringView>> GetAsync(Guid userId, Guid deploymentId, CancellationToken ct)
    {
        var deployment = await db.Deployments.AsNoTracking()
            .FirstOrDefaultAsync(d => d.Id == deploymentId && d.OwnerId == userId, ct);
        if (deployment is null)
        {
            return DomainError.NotFound("Deployment");
        }

        var now = clock.GetUtcNow();
        var lastHour = await InvocationStatements.DeploymentWindowAsync(db, deploymentId, now.AddHours(-1), ct);
        var lastDay = await InvocationStatements.DeploymentWindowAsync(db, deploymentId, now.AddDays(-1), ct);
        var hours = await InvocationStatements.DeploymentHoursAsync(db, deploymentId, now.AddDays(-1), ct);
        var recent = await db.Invocations.AsNoTracking()
            .Where(i => i.DeploymentId == deploymentId && i.Outcome != InvocationOutcome.Success)
            .OrderByDescending(i => i.OccurredAt).ThenByDescending(i => i.Id)
            .Take(RecentErrorCount)
            .Select(i => new RecentError(i.OccurredAt, i.Status, i.Capability, i.Error))
            .ToListAsync(ct);

        var changes = await db.HealthChanges.AsNoTracking()
            .Where(c => c.DeploymentId == deploymentId)
            .OrderByDescending(c => c.At).ThenByDescending(c => c.Id)
            .Take(RecentErrorCount)
            .Select(c => new HealthChangeView(c.At, c.From, c.To, c.Error))
            .ToListAsync(ct);

        return new MonitoringView(
            deployment.Status,
            new HealthView(deployment.Status, deployment.LastHealthError, deployment.LastHealthCheckAt, changes),
            lastHour.Requests, lastHour.Errors, lastHour.ErrorRate, lastHour.LatencyMs,
            lastDay, recent.FirstOrDefault(), recent, lastHour.CappedClaims, hours);
    }

    /// <summary>Calls to any deployment of the agent since <paramref name="since"/>, and its deployments running now.</summary>
    public async Task<AgentUsageStatistics> AgentStatisticsAsync(Guid agentId, DateTimeOffset since, CancellationToken ct)
    {
        var window = await InvocationStatements.AgentWindowAsync(db, agentId, since, ct);
        var active = await db.Deployments.CountAsync(d => d.AgentId == agentId && d.Status != DeploymentStatus.Stopped, ct);
        return new AgentUsageStatistics(active, window.Requests, window.Errors, window.ErrorRate, window.LatencyMs.P95, window.CappedClaims);
    }
}
