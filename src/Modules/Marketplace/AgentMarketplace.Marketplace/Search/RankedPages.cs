using System.Data.Common;
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
internal sealed class RankedPages(SearchConnection connection, MarketplaceOptions options, PopularityStatistics popularity)
{
    /// <summary>
    /// Reading a match found through the text index (and keeping it in a top-N sort) costs about this many
    /// times as much as testing one document on a walk of the popularity index (measured, docs/adr/0003-search-ranking.md).
    /// </summary>
    private const double MatchReadCost = 2;

    /// <summary>What finding a match in the text index costs, in the same units (measured with the floor, ADR 0003).</summary>
    private const double MatchFindCost = 0.25;

    /// <summary>What an entry of the popularity index's range above a floor costs, in the same units (ADR 0003).</summary>
    private const double RangeEntryCost = 0.1;

    private readonly int _rankedMatches = options.RankedMatches;

    /// <summary>
    /// A first page of the search documents matching <paramref name="filters"/>, ranked by <paramref name="key"/>, its
    /// candidates found the way <see cref="ChooseAsync"/> picks, and without the text index when the facets filtered by
    /// imply the words. A floor that kept no more matches than the head ranks may have cut some of the most popular, so
    /// the page is then read again from every match.
    /// </summary>
    public async Task<Page> ReadFirstAsync(SearchFilters filters, SortKey key, List<NpgsqlParameter> parameters, int limit, CancellationToken ct)
    {
        var (way, floor, implied) = await ChooseAsync(filters, parameters, ct);
        if (way == CandidateSearch.Floor)
        {
            var floored = await ReadAsync(filters, key, parameters, null, null, limit, walk: false, floor, implied, ct);
            if (floored.Total > _rankedMatches)
            {
                return floored;
            }
        }

        return await ReadAsync(filters, key, parameters, null, null, limit, walk: way == CandidateSearch.Walk, floor: null, implied, ct);
    }

    /// <summary>
    /// A later page, after <paramref name="after"/>: its candidates are bounded by the head's end the cursor
    /// carries, walked for if the first page's were, and without the text index if the first page found the words implied.
    /// </summary>
    public Task<Page> ReadAfterAsync(
        SearchFilters filters, SortKey key, List<NpgsqlParameter> parameters, SearchCursor after, NpgsqlParameter afterKey, int limit,
        CancellationToken ct)
    {
        // A forged cursor may claim implied words: the rows stay the same, and the cost is at most reading every document
        // of the facets, as a forged walk's is at most a walk.
        var implied = after.Implied && filters.Implication is not null;
        return ReadAsync(filters, key, parameters, after, afterKey, limit, after.Walk, floor: null, implied, ct);
    }

    /// <summary>A page of the search documents that match <paramref name="filters"/>, without the text index when <paramref name="implied"/>.</summary>
    private async Task<Page> ReadAsync(
        SearchFilters filters, SortKey key, List<NpgsqlParameter> parameters, SearchCursor? after, NpgsqlParameter? afterKey, int limit,
        bool walk, long? floor, bool implied, CancellationToken ct)
    {
        var where = implied ? filters.Implication!.DocumentConditions : filters.DocumentConditions;
        var first = after is null;
        var headEnd = after?.HeadEnd;
        var pageParameters = parameters.Select(p => p.Clone()).ToList();
        pageParameters.Add(new NpgsqlParameter("take", limit + 1));
        pageParameters.Add(new NpgsqlParameter("ranked", _rankedMatches));
        if (floor is not null)
        {
            pageParameters.Add(new NpgsqlParameter("floor", floor.Value));
        }

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
        var sql = SearchSql.RankedPage(
            SearchSql.DocumentsWithText, where, key.Expression, key.Descending, position, walk, floor is not null, headFillsFirstPage: _rankedMatches >= limit + 1);

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

        return new Page(rows, total, new RankedHead(end, walk, floor, implied));
    }

    /// <summary>
    /// How a first page finds its candidates: Auto takes the cheapest way by PostgreSQL's statistics (a plan
    /// and catalogue reads, not a scan), with C = head + 1 candidates wanted, N documents and M expected to
    /// match the filters' documents: a walk tests about C × N ÷ M documents; reading every match costs
    /// M reads; a floor that a share S = margin × C ÷ M of the documents reach (<see cref="PopularityDistribution"/>)
    /// costs M finds, S' × N entries of the popularity index and S' × M reads, S' being the share the floor it
    /// finds keeps (at least S). A wrong guess costs time, never results. Implied: whether the facets filtered by imply
    /// the words, asked in the same round trip (M, estimated as if word and facet were independent, is then low, which
    /// only ever keeps a floor from being tried). A forced way (<see cref="MarketplaceOptions.CandidateSearch"/> Walk or
    /// Visit) asks nothing, so it never leaves the text index.
    /// </summary>
    private async Task<(CandidateSearch Way, long? Floor, bool Implied)> ChooseAsync(
        SearchFilters filters, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        if (options.CandidateSearch is CandidateSearch.Walk or CandidateSearch.Visit)
        {
            return (options.CandidateSearch, null, false);
        }

        var distribution = popularity.Current;
        var implication = filters.Implication;
        var statisticsParameters = parameters.Select(p => p.Clone()).ToList();
        if (implication is not null)
        {
            statisticsParameters.Add(new NpgsqlParameter("facetWords", implication.FacetWords));
        }

        await using var command = await connection.CommandAsync(
            SearchSql.CandidateStatistics(filters.EstimatedDocumentConditions, facetWords: implication is not null, popularity: distribution is null),
            statisticsParameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var documents = reader.GetFloat(reader.GetOrdinal("reltuples"));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        using var plan = JsonDocument.Parse(reader.GetString(reader.GetOrdinal("QUERY PLAN")));
        var expected = Math.Max(1, plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble());
        var implied = false;
        if (implication is not null)
        {
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            implied = reader.GetBoolean(reader.GetOrdinal("implied"));
        }

        if (distribution is null && await reader.NextResultAsync(ct))
        {
            distribution = await reader.ReadAsync(ct) ? Distribution(reader) : new PopularityDistribution([], [], []);
            popularity.Keep(distribution);
        }

        var wanted = _rankedMatches + 1.0;
        var share = options.PopularityFloorMargin * wanted / expected;
        var floor = share < 1 ? distribution?.FloorKeeping(share) : null;
        if (options.CandidateSearch == CandidateSearch.Floor)
        {
            return floor is null ? (CandidateSearch.Visit, null, implied) : (CandidateSearch.Floor, floor, implied);
        }

        // A walk tests documents whatever the filters, so it is costed only where its guess holds: text alone.
        var walk = documents > 0 && filters.Count == 0 ? wanted * documents / expected : double.MaxValue;
        var visit = MatchReadCost * expected;
        // The floor keeps the share the statistics give at the popularity it could name, which may exceed S.
        var kept = floor is null ? 1 : distribution!.ShareAtLeast(floor.Value);
        var floored = floor is null
            ? double.MaxValue
            : MatchFindCost * expected + RangeEntryCost * kept * documents + MatchReadCost * Math.Min(expected, kept * expected);
        return walk < Math.Min(visit, floored) ? (CandidateSearch.Walk, null, implied)
            : floored < visit ? (CandidateSearch.Floor, floor, implied)
            : (CandidateSearch.Visit, null, implied);
    }

    private static PopularityDistribution Distribution(DbDataReader reader)
    {
        T[] Array<T>(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? [] : reader.GetFieldValue<T[]>(reader.GetOrdinal(column));
        return new PopularityDistribution(Array<long>("common_values"), Array<float>("common_shares"), Array<long>("bounds"));
    }
}
