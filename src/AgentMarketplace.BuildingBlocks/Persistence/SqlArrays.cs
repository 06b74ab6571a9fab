using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// A batch sent as one array per column, for <c>unnest(@a, @b, …)</c>: one statement however many rows,
/// with a fixed number of parameters, so it is planned (and prepared) once.
/// </summary>
/// <remarks>
/// The one way raw SQL is written (EF LINQ does the CRUD): in the module's <c>Persistence/</c> folder, behind
/// a method named for what it does (RawSqlPlacementTests enforce the folder), with named parameters
/// (<c>@name</c> in the text, an <see cref="NpgsqlParameter"/> for it, a column of rows through this class),
/// run by EF's <c>ExecuteSqlRawAsync</c>, <c>SqlQueryRaw</c> or <c>FromSqlRaw</c>. Advisory-lock keys are
/// <see cref="AdvisoryLockKeys"/>. The exceptions, and why:
/// <list type="bullet">
/// <item><see cref="WriteBatch"/>: statements that must commit in one round trip, with other modules' (group commit).</item>
/// <item>A <c>DbCommand</c> on the context's connection: rows EF has no type for (INSERT … RETURNING, temporary tables, aggregates, search's page).</item>
/// <item>An <c>NpgsqlCommand</c> on a connection of its own: LISTEN, and the commit-marker fence after a lost connection.</item>
/// </list>
/// </remarks>
public static class SqlArrays
{
    public static NpgsqlParameter Parameter<T>(string name, IEnumerable<T> values, NpgsqlDbType elementType) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values as T[] ?? values.ToArray() };
}
