using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Deployment.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// Forgets invocation records older than <see cref="DeploymentOptions.InvocationRetentionDays"/>: they
/// serve monitoring and statistics windows (an hour to a month). Billing keeps its own usage events.
/// Group-commit markers left behind (<see cref="CommitMarkers"/>) go after a day.
/// </summary>
internal sealed class InvocationCleanup(IServiceScopeFactory scopes, IOptions<DeploymentOptions> options, TimeProvider clock) : IScheduledJob
{
    public string Name => "deployment.invocation-cleanup";

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.InvocationRetentionDays);
        var db = scope.ServiceProvider.GetRequiredService<DeploymentDbContext>();
        await db.Invocations.Where(i => i.OccurredAt < cutoff).ExecuteDeleteAsync(ct);
        var markersCutoff = clock.GetUtcNow().AddDays(-1);
        await db.CommitMarkers.Where(m => m.CreatedAt < markersCutoff).ExecuteDeleteAsync(ct);
    }
}
