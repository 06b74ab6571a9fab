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
    /// A first page, its candidates found the way <see cref="ChooseAsync"/> picks from the matches of
    /// <paramref name="estimated"/> (the statement's, as PostgreSQL estimates them best). A floor that kept no more
    /// matches than the head ranks may have cut some of the most popular, so the page is then read again
    /// from every match. Auto walks only for words alone (<paramref name="filtered"/>: other filters narrow the matches).
    /// </summary>
    public async Task<Page> ReadFirstAsync(
        PageSql statement, string estimated, List<NpgsqlParameter> parameters, bool filtered, int limit, CancellationToken ct)
    {
        var (way, floor) = await ChooseAsync(estimated, parameters, filtered, ct);
        if (way == CandidateSearch.Floor)
        {
            var floored = await ReadAsync(statement, parameters, null, null, limit, walk: false, floor, ct);
            if (floored.Total > _rankedMatches)
            {
                return floored;
            }
        }

        return await ReadAsync(statement, parameters, null, null, limit, walk: way == CandidateSearch.Walk, floor: null, ct);
    }

    /// <summary>
    /// A later page, after <paramref name="after"/>: its candidates are bounded by the head's end the cursor
    /// carries, and walked for if the first page's were.
    /// </summary>
    public Task<Page> ReadAfterAsync(
        PageSql statement, List<NpgsqlParameter> parameters, SearchCursor after, NpgsqlParameter afterKey, int limit, CancellationToken ct) =>
        ReadAsync(statement, parameters, after, afterKey, limit, after.Walk, floor: null, ct);

    private async Task<Page> ReadAsync(
        PageSql statement, List<NpgsqlParameter> parameters, SearchCursor? after, NpgsqlParameter? afterKey, int limit, bool walk, long? floor,
        CancellationToken ct)
    {
        var (from, where, key, _, _) = statement;
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
            from, where, key.Expression, key.Descending, position, walk, floor is not null, headFillsFirstPage: _rankedMatches >= limit + 1);

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

        return new Page(rows, total, new RankedHead(end, walk, floor));
    }

    /// <summary>
    /// How a first page finds its candidates: Auto takes the cheapest way by PostgreSQL's statistics (a plan
    /// and catalogue reads, not a scan), with C = head + 1 candidates wanted, N documents and M expected to
    /// match <paramref name="conditions"/>: a walk tests about C × N ÷ M documents; reading every match costs
    /// M reads; a floor that a share S = margin × C ÷ M of the documents reach (<see cref="PopularityDistribution"/>)
    /// costs M finds, S' × N entries of the popularity index and S' × M reads, S' being the share the floor it
    /// finds keeps (at least S). A wrong guess costs time, never results.
    /// </summary>
    private async Task<(CandidateSearch Way, long? Floor)> ChooseAsync(
        string conditions, List<NpgsqlParameter> parameters, bool filtered, CancellationToken ct)
    {
        if (options.CandidateSearch is CandidateSearch.Walk or CandidateSearch.Visit)
        {
            return (options.CandidateSearch, null);
        }

        var distribution = popularity.Current;
        await using var command = await connection.CommandAsync(
            SearchSql.CandidateStatistics(conditions, popularity: distribution is null), parameters.Select(p => p.Clone()).ToList(), ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var documents = reader.GetFloat(reader.GetOrdinal("reltuples"));
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        using var plan = JsonDocument.Parse(reader.GetString(reader.GetOrdinal("QUERY PLAN")));
        var expected = Math.Max(1, plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble());
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
            return floor is null ? (CandidateSearch.Visit, null) : (CandidateSearch.Floor, floor);
        }

        // A walk tests documents whatever the filters, so it is costed only where its guess holds: text alone.
        var walk = documents > 0 && !filtered ? wanted * documents / expected : double.MaxValue;
        var visit = MatchReadCost * expected;
        // The floor keeps the share the statistics give at the popularity it could name, which may exceed S.
        var kept = floor is null ? 1 : distribution!.ShareAtLeast(floor.Value);
        var floored = floor is null
            ? double.MaxValue
            : MatchFindCost * expected + RangeEntryCost * kept * documents + MatchReadCost * Math.Min(expected, kept * expected);
        return walk < Math.Min(visit, floored) ? (CandidateSearch.Walk, null)
            : floored < visit ? (CandidateSearch.Floor, floor)
            : (CandidateSearch.Visit, null);
    }

    private static PopularityDistribution Distribution(DbDataReader reader)
    {
        T[] Array<T>(string column) => reader.IsDBNull(reader.GetOrdinal(column)) ? [] : reader.GetFieldValue<T[]>(reader.GetOrdinal(column));
        return new PopularityDistribution(Array<long>("common_values"), Array<float>("common_shares"), Array<long>("bounds"));
    }
}
