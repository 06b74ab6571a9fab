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
}
