using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentMarketplace.Api.Database;

/// <summary>
/// Ready means: this process has applied every module's migrations and PostgreSQL answers now. While
/// <see cref="DatabaseCircuit"/> knows it is down, the answer is Unhealthy at once, without a connection attempt.
/// </summary>
internal sealed class DatabaseReadyHealthCheck(DatabaseCircuit database, MigrationState migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrations.Applied)
        {
            return HealthCheckResult.Unhealthy("Migrations have not been applied yet.");
        }

        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers and migrations are applied.");
        }
        catch (Exception e) when (e.IsDatabaseUnavailable())
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.");
        }
    }
}
