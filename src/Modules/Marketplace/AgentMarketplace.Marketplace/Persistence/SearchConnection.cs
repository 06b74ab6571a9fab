using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Marketplace.Persistence;

/// <summary>
/// Runs search's statements (<see cref="SearchSql"/>) on the request's marketplace connection, which it
/// first tells to plan every statement for its parameters (<see cref="SearchSql.PlanPerQuery"/>).
/// </summary>
internal sealed class SearchConnection(MarketplaceDbContext db)
{
    /// <summary>This connection has been told to plan per query since it was opened.</summary>
    private bool _plannedPerQuery;

    /// <summary>A command for <paramref name="sql"/>; the caller disposes it and reads its results.</summary>
    public async Task<DbCommand> CommandAsync(string sql, IEnumerable<NpgsqlParameter> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opening = connection.State != ConnectionState.Open;
        if (opening)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        if (opening || !_plannedPerQuery)
        {
            await db.Database.ExecuteSqlRawAsync(SearchSql.PlanPerQuery, ct);
            _plannedPerQuery = true;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }
}
