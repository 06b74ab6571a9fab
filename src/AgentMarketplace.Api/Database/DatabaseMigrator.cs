using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Api.Database;

/// <summary>
/// Applies every module's EF Core migrations, each in its own schema, before the host serves
/// requests (and on its own for `migrate`). EF Core takes a database lock while migrating, so two
/// instances starting together do not apply a migration twice.
/// </summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    IEnumerable<ModuleDatabase> databases,
    MigrationState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        foreach (var database in databases)
        {
            var context = (DbContext)scope.ServiceProvider.GetRequiredService(database.ContextType);
            var strategy = context.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(context.Database.MigrateAsync, cancellationToken);
        }

        state.MarkApplied();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class MigrationState
{
    private volatile bool _applied;

    public bool Applied => _applied;

    public void MarkApplied() => _applied = true;
}
