using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Operations.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Operations.Errors;

/// <summary>Forgets error reports after <see cref="Retention"/>: they are for diagnosing, not for keeping.</summary>
internal sealed class ErrorCleanup(IServiceScopeFactory scopes, TimeProvider clock) : IScheduledJob
{
    public static readonly TimeSpan Retention = TimeSpan.FromDays(90);

    public string Name => "operations.error-cleanup";

    public TimeSpan Interval => TimeSpan.FromHours(6);

    public async Task RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cutoff = clock.GetUtcNow() - Retention;
        await scope.ServiceProvider.GetRequiredService<OperationsDbContext>().Errors.Where(e => e.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
    }
}
