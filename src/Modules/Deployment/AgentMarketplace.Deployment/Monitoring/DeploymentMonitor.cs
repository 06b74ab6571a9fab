using System.Data.Common;
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
        var lastHour = await WindowAsync(deploymentId, now.AddHours(-1), ct);
        var lastDay = await WindowAsync(deploymentId, now.AddDays(-1), ct);
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
            lastDay, recent.FirstOrDefault(), recent, lastHour.CappedClaims);
    }

    /// <summary>Calls to any deployment of the agent since <paramref name="since"/>, and its deployments running now.</summary>
    public async Task<AgentUsageStatistics> AgentStatisticsAsync(Guid agentId, DateTimeOffset since, CancellationToken ct)
    {
        var window = await WindowAsync("""
            FROM deployment.invocations
            WHERE deployment_id IN (SELECT id FROM deployment.deployments WHERE agent_id = @scope) AND occurred_at >= @since
            """, agentId, since, ct);
        var active = await db.Deployments.CountAsync(d => d.AgentId == agentId && d.Status != DeploymentStatus.Stopped, ct);
        return new AgentUsageStatistics(active, window.Requests, window.Errors, window.ErrorRate, window.LatencyMs.P95, window.CappedClaims);
    }

    private Task<WindowStats> WindowAsync(Guid deploymentId, DateTimeOffset since, CancellationToken ct) =>
        WindowAsync("FROM deployment.invocations WHERE deployment_id = @scope AND occurred_at >= @since", deploymentId, since, ct);

    // fromWhere: the FROM and WHERE clauses choosing the calls, with parameters @scope and @since.
    private async Task<WindowStats> WindowAsync(string fromWhere, Guid scope, DateTimeOffset since, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT count(*),
                   count(*) FILTER (WHERE outcome <> 'success'),
                   coalesce(percentile_cont(0.50) WITHIN GROUP (ORDER BY latency_ms), 0),
                   coalesce(percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY latency_ms), 0),
                   count(*) FILTER (WHERE claimed_units IS NOT NULL)
              {fromWhere}
            """;
        AddParameter(command, "scope", scope);
        AddParameter(command, "since", since);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var requests = reader.GetInt64(0);
        var errors = reader.GetInt64(1);
        return new WindowStats(requests, errors, requests == 0 ? 0 : Math.Round((double)errors / requests, 4),
            new LatencyPercentiles(reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)), reader.GetInt64(5));
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
