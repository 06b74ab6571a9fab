using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Persistence;

/// <summary>
/// Statements that commit together, in one round trip: PostgreSQL runs a batch as one implicit
/// transaction, so it is all or nothing. Several modules can share one: each adds the statements for
/// its own tables when asked through its contracts (e.g. RecordUsage with a batch), and the module that
/// asked executes it (<see cref="WriteBatchExecution"/>), once. Contracts carry it, so its
/// own surface names no persistence library: statements are SQL text and ADO.NET parameters.
/// </summary>
public sealed class WriteBatch
{
    private readonly List<(string Sql, DbParameter[] Parameters)> _statements = [];

    internal bool Executed { get; set; }

    internal IReadOnlyList<(string Sql, DbParameter[] Parameters)> Statements => _statements;

    internal int Count => _statements.Count;

    /// <summary>One statement (PostgreSQL's batches take one per command), with parameters of its own.</summary>
    public void Add(string sql, params IEnumerable<DbParameter> parameters)
    {
        if (Executed)
        {
            throw new InvalidOperationException("This batch has been executed; statements added now would never run.");
        }

        _statements.Add((sql, parameters.ToArray()));
    }
}

public static class WriteBatchExecution
{
    /// <summary>
    /// On the context's connection, inside its current transaction if it has one. Not retried: the
    /// statements need not be idempotent, and a lost answer to a commit cannot be told from a failure.
    /// </summary>
    public static async Task ExecuteAsync(this WriteBatch writes, DatabaseFacade database, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await database.OpenConnectionAsync(ct);
        }

        try
        {
            await writes.ExecuteAsync(connection, (NpgsqlTransaction?)database.CurrentTransaction?.GetDbTransaction(), ct);
        }
        finally
        {
            if (opened)
            {
                await database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>On an open connection, inside <paramref name="transaction"/> if given.</summary>
    public static async Task ExecuteAsync(this WriteBatch writes, NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        if (writes.Executed)
        {
            throw new InvalidOperationException("A write batch is executed once.");
        }

        writes.Executed = true;
        if (writes.Count == 0)
        {
            return;
        }

        // Without error barriers (the default, stated here because atomicity rests on it), a failing
        // statement skips the rest and rolls back the ones before it.
        await using var batch = new NpgsqlBatch(connection, transaction) { EnableErrorBarriers = false };
        foreach (var (sql, parameters) in writes.Statements)
        {
            var statement = new NpgsqlBatchCommand(sql);
            statement.Parameters.AddRange(parameters);
            batch.BatchCommands.Add(statement);
        }

        await batch.ExecuteNonQueryAsync(ct);
    }
}
