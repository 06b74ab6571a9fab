using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace AgentMarketplace.Api.Database;

/// <summary>Ready means: this process has applied every module's migrations and PostgreSQL answers now.</summary>
internal sealed class DatabaseReadyHealthCheck(NpgsqlDataSource dataSource, MigrationState migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!migrations.Applied)
        {
            return HealthCheckResult.Unhealthy("Migrations have not been applied yet.");
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL answers and migrations are applied.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL is not reachable.");
        }
    }
}
