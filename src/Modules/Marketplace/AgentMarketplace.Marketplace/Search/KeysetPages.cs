using AgentMarketplace.Marketplace.Persistence;
using Npgsql;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// Reads a keyset page — every sort but relevance over words as typed — in one statement that on a
/// first page also counts the matches (<see cref="SearchSql.KeysetPage"/>), so the matches are found once.
/// </summary>
internal sealed class KeysetPages(SearchConnection connection)
{
    public async Task<Page> ReadAsync(
        PageSql statement, List<NpgsqlParameter> parameters, SearchCursor? after, NpgsqlParameter? afterKey, int limit, CancellationToken ct)
    {
        var (from, where, key, count, countSql) = statement;
        var pageParameters = parameters.Select(p => p.Clone()).ToList();
        if (after is not null)
        {
            pageParameters.Add(afterKey!.Clone());
            pageParameters.Add(new NpgsqlParameter("afterId", after.Id));
        }

        pageParameters.Add(new NpgsqlParameter("take", limit + 1));
        var sql = SearchSql.KeysetPage(from, where, key.Expression, key.Descending, key.RanksEveryMatch, afterCursor: after is not null, count, countSql);

        await using var command = await connection.CommandAsync(sql, pageParameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var listing = new ListingColumns(reader);
        var totalColumn = reader.GetOrdinal("total");
        var sortKeyColumn = reader.GetOrdinal("sort_key");
        var rows = new List<Row>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            total = reader.IsDBNull(totalColumn) ? 0 : reader.GetInt64(totalColumn);
            rows.Add(new Row(listing.Read(), key.Read(reader, sortKeyColumn)));
        }

        return new Page(rows, total);
    }
}
