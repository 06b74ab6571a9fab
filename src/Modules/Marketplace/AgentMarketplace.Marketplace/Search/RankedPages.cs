using System.Text.Json;
using AgentMarketplace.Marketplace.Persistence;
using Npgsql;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// Relevance pages of a text search. Their candidates are the <see cref="MarketplaceOptions.RankedMatches"/>
/// most popular matches (all of them when there are no more), ranked by <c>ts_rank</c>; the matches past
/// them (the tail) follow in popularity order. A page can hold the end of the ranked head and the start
/// of the tail. The first page learns where the head ends (the last candidate's popularity and id) and
/// its cursor carries it, so later pages rank the same candidates.
/// </summary>
internal sealed class RankedPages(SearchConnection connection, MarketplaceOptions options)
{
    /// <summary>
    /// Visiting a match through the GIN index and keeping it in a top-N sort costs about this many times
    /// as much as testing one listing on a walk of the popularity index (measured, docs/adr/0003-search-ranking.md).
    /// </summary>
    private const double MatchVisitCost = 2;

    private readonly int _rankedMatches = options.RankedMatches;

    /// <summary>
    /// A page after <paramref name="after"/> (null: the first). Walk: find the candidates by walking the
    /// popularity index and testing each listing, instead of visiting every match (see <see cref="WalkPopularityAsync"/>).
    /// </summary>
    public async Task<Page> ReadAsync(
        PageSql statement, List<NpgsqlParameter> parameters, SearchCursor? after, NpgsqlParameter? afterKey, int limit, bool walk, CancellationToken ct)
    {
        var (from, where, key, _, _) = statement;
        var first = after is null;
        var headEnd = after?.HeadEnd;
        var pageParameters = parameters.Select(p => p.Clone()).ToList();
        pageParameters.Add(new NpgsqlParameter("take", limit + 1));
        pageParameters.Add(new NpgsqlParameter("ranked", _rankedMatches));
        if (headEnd is not null)
        {
            pageParameters.Add(new NpgsqlParameter("headEndPopularity", headEnd.Popularity));
            pageParameters.Add(new NpgsqlParameter("headEndId", headEnd.Id));
        }

        if (after is not null)
        {
            pageParameters.Add(afterKey!.Clone());
            pageParameters.Add(new NpgsqlParameter("afterId", after.Id));
        }

        var position = after switch
        {
            null => RankedPagePosition.First,
            { Tail: true } => RankedPagePosition.InTail,
            _ when headEnd is not null => RankedPagePosition.InHeadWithEnd,
            _ => RankedPagePosition.InHead,
        };
        var sql = SearchSql.RankedPage(from, where, key.Expression, key.Descending, position, walk, headFillsFirstPage: _rankedMatches >= limit + 1);

        await using var command = await connection.CommandAsync(sql, pageParameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var listing = new ListingColumns(reader);
        var totalColumn = reader.GetOrdinal("total");
        var headEndPopularityColumn = reader.GetOrdinal("head_end_popularity");
        var headEndIdColumn = reader.GetOrdinal("head_end_id");
        var segmentColumn = reader.GetOrdinal("segment");
        var sortKeyColumn = reader.GetOrdinal("sort_key");
        var popularityColumn = reader.GetOrdinal("popularity");
        var rows = new List<Row>();
        long total = 0;
        var end = headEnd;
        while (await reader.ReadAsync(ct))
        {
            total = reader.IsDBNull(totalColumn) ? 0 : reader.GetInt64(totalColumn);
            if (first && !reader.IsDBNull(headEndPopularityColumn))
            {
                end = new PopularityKey(reader.GetInt64(headEndPopularityColumn), reader.GetGuid(headEndIdColumn));
            }

            var tail = reader.GetInt32(segmentColumn) == 1;
            // A tail row is keyed by its popularity, a head row by its score. The cast keeps the popularity a
            // long (without it the conditional is a double), so the cursor carries it as a number.
            rows.Add(new Row(listing.Read(), tail ? (object)reader.GetInt64(popularityColumn) : reader.GetDouble(sortKeyColumn), tail));
        }

        return new Page(rows, total, new RankedHead(end, walk));
    }

    /// <summary>
    /// Whether PostgreSQL expects the words as typed (@tsq) to match so many published listings that
    /// walking the popularity index finds the candidates sooner than visiting every match. The walk tests
    /// about candidates × listings ÷ matches listings, which is cheaper once
    /// matches² × <see cref="MatchVisitCost"/> > candidates × listings. The expected matches come from the
    /// planner's statistics, which cost a plan, not a scan; a wrong guess costs time, never results.
    /// </summary>
    public async Task<bool> WalkPopularityAsync(List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        if (options.PopularityWalk != PopularityWalk.Auto)
        {
            return options.PopularityWalk == PopularityWalk.Always;
        }

        await using var command = await connection.CommandAsync(
            SearchSql.MatchEstimate, [parameters.Single(p => p.ParameterName == "tsq").Clone()], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var listings = reader.GetFloat(reader.GetOrdinal("reltuples"));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        using var plan = JsonDocument.Parse(reader.GetString(reader.GetOrdinal("QUERY PLAN")));
        var expected = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        return listings > 0 && expected * expected * MatchVisitCost > (double)_rankedMatches * listings;
    }
}
