using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Persistence;

public static class PostgresErrors
{
    /// <summary>True when the save failed on a unique constraint: the database's answer to a race.</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception, string? constraint = null) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg
        && (constraint is null || pg.ConstraintName == constraint);

    /// <summary>True when the save failed on a unique or exclusion constraint (e.g. overlapping ranges).</summary>
    public static bool IsExclusionOrUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation };

    /// <summary>
    /// True when PostgreSQL could not be reached or did not answer — refused, timed out, shutting down or
    /// starting up, the connection lost, no connection free in time, or <see cref="DatabaseCircuit"/> failing
    /// fast while it is known to be down — as opposed to a statement it refused. Looks through the wrappers
    /// EF Core puts around a provider's exception. A cancellation is never an outage.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OperationCanceledException:
                    return false;
                case DatabaseUnavailableException:
                    return true;
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) // connection exception
                        || postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true; // an I/O, socket or timeout failure on the way to the server
            }
        }

        return false;
    }
}

/// <summary>PostgreSQL is known to be down (<see cref="DatabaseCircuit"/> is open), or a write could not be made because it was.</summary>
public sealed class DatabaseUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
