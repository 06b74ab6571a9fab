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
    private readonly List<Statement> _statements = [];

    internal bool Executed { get; set; }

    internal IReadOnlyList<Statement> Statements => _statements;

    internal int Count => _statements.Count;

    internal bool HasConditions => _statements.Exists(s => s.Condition is not null);

    /// <summary>One statement (PostgreSQL's batches take one per command), with parameters of its own.</summary>
    public void Add(string sql, params IEnumerable<DbParameter> parameters) => Add(new Statement(sql, parameters.ToArray(), null));

    /// <summary>
    /// A statement the batch stands or falls by: unless it changes exactly <paramref name="expectedRows"/>
    /// rows, execution throws <see cref="WriteBatchRefusedException"/> with <paramref name="refusal"/>, and
    /// the transaction it ran in (a batch with conditions must run in one) is the caller's to roll back.
    /// How a module refuses a write it cannot take, such as spend past a limit, in another module's transaction.
    /// </summary>
    public void AddCondition(string sql, int expectedRows, string refusal, params IEnumerable<DbParameter> parameters) =>
        Add(new Statement(sql, parameters.ToArray(), (expectedRows, refusal)));

    private void Add(Statement statement)
    {
        if (Executed)
        {
            throw new InvalidOperationException("This batch has been executed; statements added now would never run.");
        }

        _statements.Add(statement);
    }

    internal sealed record Statement(string Sql, DbParameter[] Parameters, (int ExpectedRows, string Refusal)? Condition);
}

/// <summary>A condition of a <see cref="WriteBatch"/> did not hold: nothing it wrote may be kept.</summary>
public sealed class WriteBatchRefusedException(string refusal) : Exception(refusal);

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

        if (writes.HasConditions && transaction is null)
        {
            // Without a transaction of the caller's, the batch commits as it runs: a refusal could undo nothing.
            throw new InvalidOperationException("A write batch with conditions runs inside a transaction.");
        }

        // Without error barriers (the default, stated here because atomicity rests on it), a failing
        // statement skips the rest and rolls back the ones before it.
        await using var batch = new NpgsqlBatch(connection, transaction) { EnableErrorBarriers = false };
        foreach (var written in writes.Statements)
        {
            var statement = new NpgsqlBatchCommand(written.Sql);
            statement.Parameters.AddRange(written.Parameters);
            batch.BatchCommands.Add(statement);
        }

        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes.Statements[i].Condition is { } condition && batch.BatchCommands[i].RecordsAffected != condition.ExpectedRows)
            {
                throw new WriteBatchRefusedException(condition.Refusal);
            }
        }
    }
}
