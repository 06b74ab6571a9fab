using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// A batch sent as one array per column, for <c>unnest(@a, @b, …)</c>: one statement however many rows,
/// with a fixed number of parameters, so it is planned (and prepared) once.
/// </summary>
public static class SqlArrays
{
    public static NpgsqlParameter Parameter<T>(string name, IEnumerable<T> values, NpgsqlDbType elementType) =>
        new(name, NpgsqlDbType.Array | elementType) { Value = values as T[] ?? values.ToArray() };
}
