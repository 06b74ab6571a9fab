using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// EF Core opens every module's connections through <see cref="DatabaseCircuit"/>: the one place every query,
/// save and raw SQL command passes (raw SQL skips the execution strategy). The interceptor opens the
/// connection itself and tells EF Core it is done (Suppress).
/// </summary>
internal sealed class DatabaseCircuitInterceptor(DatabaseCircuit circuit) : DbConnectionInterceptor
{
    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        if (result.IsSuppressed)
        {
            return result;
        }

        circuit.Open((NpgsqlConnection)connection);
        return InterceptionResult.Suppress();
    }

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (result.IsSuppressed)
        {
            return result;
        }

        await circuit.OpenAsync((NpgsqlConnection)connection, cancellationToken);
        return InterceptionResult.Suppress();
    }
}

/// <summary>
/// EF Core's retries, for what a second attempt can fix (a deadlock, a serialization failure), but not for
/// a database that cannot be reached: retrying that held each request for seconds (three retries, about
/// 8 s) before it failed anyway. Such a request is answered 503 with Retry-After at once instead.
/// </summary>
internal sealed class DatabaseExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 3)
{
    protected override bool ShouldRetryOn(Exception? exception) =>
        exception is not null && !exception.IsDatabaseUnavailable() && base.ShouldRetryOn(exception);
}
