using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// Statements that commit together, in one round trip: PostgreSQL runs a batch as one implicit
/// transaction, so it is all or nothing. Several modules can share one: each adds the statements for
/// its own tables when asked through its contracts (e.g. RecordUsage with a batch), and the module that
/// asked executes it — the gateway's group commit writes monitoring, usage and quota use this way.
/// </summary>
public sealed class WriteBatch
{
    private readonly List<NpgsqlBatchCommand> _statements = [];

    public int Count => _statements.Count;

    /// <summary>One statement (a batch command holds one), with parameters of its own.</summary>
    public void Add(string sql, params IEnumerable<NpgsqlParameter> parameters)
    {
        var statement = new NpgsqlBatchCommand(sql);
        statement.Parameters.AddRange(parameters.ToArray());
        _statements.Add(statement);
    }

    /// <summary>On the context's connection, inside its current transaction if it has one.</summary>
    public async Task ExecuteAsync(DatabaseFacade database, CancellationToken ct)
    {
        if (_statements.Count == 0)
        {
            return;
        }

        var connection = (NpgsqlConnection)database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var batch = new NpgsqlBatch(connection, (NpgsqlTransaction?)database.CurrentTransaction?.GetDbTransaction());
            _statements.ForEach(batch.BatchCommands.Add);
            await batch.ExecuteNonQueryAsync(ct);
        }
        finally
        {
            if (opened)
            {
                await database.CloseConnectionAsync();
            }
        }
    }
}
