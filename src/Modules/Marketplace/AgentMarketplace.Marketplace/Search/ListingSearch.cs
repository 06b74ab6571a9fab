using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.Marketplace.Listings;
using AgentMarketplace.Marketplace.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// Marketplace search over published listings, in PostgreSQL. Text matches by full-text search
/// (name weighted highest, then tags, categories and capability names, then the description; every
/// word also matches as a prefix); when that finds less than a page, any word may instead match by
/// trigram word similarity on the name and keywords, so `sumariz` still finds `summarize`.
/// Full-text matches always outrank fuzzy ones.
/// Relevance ranks at most <see cref="MarketplaceOptions.RankedMatches"/> matches, the most popular ones, and the rest
/// follow by popularity, so the work per page does not grow with the number of matches; for the same
/// reason searches count their total only up to a limit (text: that number) and say when there are more.
/// Pages are keyset pages over (sort key, id): stable under inserts, and a cursor only fits the
/// query that issued it.
/// </summary>
internal sealed partial class ListingSearch(MarketplaceDbContext db, IOptions<MarketplaceOptions> options)
{
    /// <summary>
    /// Visiting a match through the GIN index and keeping it in a top-N sort costs about this many times
    /// as much as testing one listing on a walk of the popularity index (measured, docs/benchmarks.md).
    /// </summary>
    private const double MatchVisitCost = 2;
    private const int MaxWords = 12;
    private const int SummaryLength = 240;
    private const int MaxRememberedWords = 50_000;
    private const string Columns = "l.id, l.agent_id, l.agent_slug, l.name, l.summary, l.categories, l.rating_average, l.rating_count, " +
                                   "l.pricing::text, l.verified, l.latest_version";
    private const string Input = "CROSS JOIN (SELECT to_tsquery('english', @tsq) AS tsq) input";
    private static readonly ConcurrentDictionary<string, bool> StopWords = new(StringComparer.Ordinal);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly int _rankedMatches = options.Value.RankedMatches;
    private readonly int _countedMatches = options.Value.CountedMatches;
    private readonly PopularityWalk _popularityWalk = options.Value.PopularityWalk;

    /// <summary>This search's connection has been told to plan per query (see CommandAsync).</summary>
    private bool _plannedPerQuery;

    public async Task<Result<SearchResults>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim().ToLowerInvariant();
        var sort = query.EffectiveSort == SearchSorts.Relevance && text is null ? SearchSorts.Popular : query.EffectiveSort;
        var limit = query.Limit ?? PageRequest.DefaultLimit;
        var fingerprint = Fingerprint(query with { Q = text, Sort = sort, Limit = null, Cursor = null });
        var key = SortKeys.For(sort, fuzzy: false);
        SearchCursor? after = null;
        NpgsqlParameter? afterKey = null;
        if (!string.IsNullOrEmpty(query.Cursor))
        {
            after = SearchCursor.Decode(query.Cursor);
            // Only a relevance page of words as typed has a tail, whose rows are keyed by popularity.
            var tail = after is { Tail: true, Fuzzy: false } && sort == SearchSorts.Relevance;
            afterKey = after is null ? null : (tail ? SortKeys.RelevanceTail : key).CursorParameter(after);
            if (afterKey is null || after!.Query != fingerprint)
            {
                return DomainError.Invalid("cursor", "cursor is not one this server issued for this query; start again without it.");
            }
        }

        var parameters = new List<NpgsqlParameter>();
        var where = new StringBuilder("l.status = 'published'");
        AddFilter(where, parameters, "category", query.Category?.ToLowerInvariant(), "l.categories @> ARRAY[@category]::text[]");
        AddFilter(where, parameters, "tag", query.Tag?.ToLowerInvariant(), "l.tags @> ARRAY[@tag]::text[]");
        AddFilter(where, parameters, "capability", query.Capability?.ToLowerInvariant(), "l.capabilities @> ARRAY[@capability]::text[]");
        AddFilter(where, parameters, "model", query.PricingModel, "l.pricing_model = @model");
        AddFilter(where, parameters, "maxPrice", query.MaxPriceCents, "l.price_cents <= @maxPrice");
        AddFilter(where, parameters, "minRating", query.MinRating, "l.rating_average >= @minRating");
        if (query.VerifiedOnly == true)
        {
            where.Append(" AND l.verified");
        }

        var from = text is null ? "FROM marketplace.listings l" : $"FROM marketplace.listings l {Input}";
        var fuzzy = after?.Fuzzy ?? false;
        var condition = where.ToString();
        var filtered = parameters.Count > 0 || query.VerifiedOnly == true;
        Page page;
        if (text is null)
        {
            page = await ReadPageAsync(
                new PageSql(from, condition, key, Count: after is null, FacetCount(query, parameters.Count) ?? CountUpTo(from, condition, _countedMatches)),
                parameters, after, afterKey, limit, ct);
        }
        else
        {
            var words = Words(text);
            parameters.Add(new NpgsqlParameter("q", text));
            parameters.Add(new NpgsqlParameter("tsq", string.Join(" & ", words.Select(w => w + ":*"))));
            // Ranking words as typed, with no other filter, needs nothing but the full-text document and
            // popularity: the narrow copy of the published listings' documents serves it.
            var matching = $"{condition} AND l.search_vector @@ input.tsq";
            var strict = !filtered && sort == SearchSorts.Relevance
                ? new PageSql($"FROM marketplace.search_documents l {Input}", "l.search_vector @@ input.tsq", key, Count: true)
                : new PageSql(from, matching, key, Count: true, CountUpTo(from, matching, _rankedMatches));
            var ranked = sort == SearchSorts.Relevance;
            async Task<PageSql> TypoTolerantAsync(bool count)
            {
                var typoTolerant = $"{condition}{await TypoTolerantConditionAsync(words, parameters, ct)}";
                return new PageSql(from, typoTolerant, SortKeys.For(sort, fuzzy: true), count, count ? CountUpTo(from, typoTolerant, _rankedMatches) : null);
            }

            if (after is null)
            {
                page = ranked
                    ? await ReadRankedPageAsync(strict, parameters, null, null, limit, walk: !filtered && await WalkPopularityAsync(parameters, ct), ct)
                    : await ReadPageAsync(strict, parameters, null, null, limit, ct);
                // Typo tolerance is the fallback: when the words as typed match less than a page, trigram
                // similarity may stand in for any word. Trying it for every query would compare every
                // listing when a common word matches thousands (see docs/benchmarks.md). A count past
                // the ranked matches means more than that, however small the page.
                if (page.Total < limit && page.Total <= _rankedMatches)
                {
                    fuzzy = true;
                    page = await ReadPageAsync(await TypoTolerantAsync(count: true), parameters, null, null, limit, ct);
                }
            }
            else if (fuzzy)
            {
                page = await ReadPageAsync(await TypoTolerantAsync(count: false), parameters, after, afterKey, limit, ct);
            }
            else
            {
                page = ranked
                    ? await ReadRankedPageAsync(strict with { Count = false }, parameters, after, afterKey, limit, after.Walk, ct)
                    : await ReadPageAsync(strict with { Count = false }, parameters, after, afterKey, limit, ct);
            }
        }

        // A search counts at most one match more than its limit (text: what it ranks); past that, the total is a lower bound.
        var counted = after?.Total ?? page.Total;
        var countLimit = text is null ? _countedMatches : _rankedMatches;
        var exact = counted <= countLimit;
        var total = exact ? counted : countLimit;
        var rows = page.Rows;
        string? next = null;
        if (rows.Count > limit)
        {
            var last = rows[limit - 1];
            var cursor = key.CursorFor(fingerprint, last.SortKey, last.Item.ListingId, fuzzy, counted) with
            {
                Tail = last.Tail, Walk = page.Head?.Walk ?? false, HeadEnd = page.Head?.End,
            };
            next = cursor.Encode();
        }

        return new SearchResults(rows.Take(limit).Select(r => r.Item).ToList(), next, total, exact);
    }

    /// <summary>
    /// Every word must match, as a prefix in the full-text document or by trigram similarity (a typo);
    /// stop words are left out, as full-text search leaves them out.
    /// </summary>
    private async Task<string> TypoTolerantConditionAsync(List<string> words, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        var significant = await SignificantWordsAsync(words, ct);
        if (significant.Count == 0)
        {
            return " AND false";
        }

        var condition = new StringBuilder();
        for (var i = 0; i < significant.Count; i++)
        {
            parameters.Add(new NpgsqlParameter($"w{i}", significant[i]));
            parameters.Add(new NpgsqlParameter($"p{i}", significant[i] + ":*"));
            condition.Append($" AND (l.search_vector @@ to_tsquery('english', @p{i}) OR @w{i} <% l.search_terms)");
        }

        return condition.ToString();
    }

    /// <summary>
    /// When the only filter is one category, tag or capability, the count of its rows in search_facets
    /// (an index-only range of one B-tree) is the total; null otherwise.
    /// </summary>
    private string? FacetCount(SearchQuery query, int filters)
    {
        if (filters != 1 || query.VerifiedOnly == true)
        {
            return null;
        }

        var facet = !string.IsNullOrEmpty(query.Category) ? "category"
            : !string.IsNullOrEmpty(query.Tag) ? "tag"
            : !string.IsNullOrEmpty(query.Capability) ? "capability"
            : null;
        return facet is null ? null : CountUpTo("FROM marketplace.search_facets f", $"f.kind = '{facet}' AND f.value = @{facet}", _countedMatches);
    }

    /// <summary>
    /// Counts the matches up to one more than <paramref name="limit"/>, so the count costs no more than
    /// that however many match (see <see cref="MarketplaceOptions.CountedMatches"/>).
    /// </summary>
    private static string CountUpTo(string from, string where, int limit) =>
        $"SELECT count(*) FROM (SELECT 1 {from} WHERE {where} LIMIT {limit + 1}) matched";

    private static List<string> Words(string text) => Word().Matches(text).Select(m => m.Value).Distinct().Take(MaxWords).ToList();

    /// <summary>
    /// The words full-text search does not drop as stop words. PostgreSQL's dictionary decides; its
    /// verdicts are remembered, so a warm process asks only about words it has not seen.
    /// </summary>
    private async Task<List<string>> SignificantWordsAsync(List<string> words, CancellationToken ct)
    {
        var unknown = words.Where(w => !StopWords.ContainsKey(w)).ToList();
        if (unknown.Count > 0)
        {
            await using var command = await CommandAsync(
                "SELECT w, numnode(to_tsquery('english', w || ':*')) = 0 FROM unnest(@words) w",
                [new NpgsqlParameter("words", unknown.ToArray())], ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                if (StopWords.Count < MaxRememberedWords)
                {
                    StopWords[reader.GetString(0)] = reader.GetBoolean(1);
                }
                else if (reader.GetBoolean(1))
                {
                    unknown.Remove(reader.GetString(0));
                }
            }
        }

        return words.Where(w => StopWords.TryGetValue(w, out var stop) ? !stop : unknown.Contains(w)).ToList();
    }

    private static void AddFilter<T>(StringBuilder where, List<NpgsqlParameter> parameters, string name, T? value, string condition)
    {
        if (value is null || value is string { Length: 0 })
        {
            return;
        }

        parameters.Add(new NpgsqlParameter(name, value));
        where.Append(" AND ").Append(condition);
    }

    /// <summary>
    /// One statement for a page, and on a first page also the count of the matches (the total), so the
    /// matches are found once. Typo-tolerant relevance computes its key for every match anyway: it ranks
    /// them in a materialized set of (id, key) and fetches the listing columns for the page's rows alone,
    /// instead of building every matching row's output before the top-N sort picks a page.
    /// </summary>
    private async Task<Page> ReadPageAsync(
        PageSql statement, List<NpgsqlParameter> parameters, SearchCursor? after, NpgsqlParameter? afterKey, int limit, CancellationToken ct)
    {
        var (from, where, key, count, countSql) = statement;
        var pageParameters = parameters.Select(p => p.Clone()).ToList();
        var keyset = "";
        if (after is not null)
        {
            pageParameters.Add(afterKey!.Clone());
            pageParameters.Add(new NpgsqlParameter("afterId", after.Id));
            // A row comparison, so PostgreSQL can start the index scan at the cursor instead of filtering up to it.
            keyset = key.RanksEveryMatch
                ? $" WHERE (sort_key, id) {key.After} (@afterKey, @afterId)"
                : $" AND ({key.Expression}, l.id) {key.After} (@afterKey, @afterId)";
        }

        pageParameters.Add(new NpgsqlParameter("take", limit + 1));
        string sql;
        if (key.RanksEveryMatch)
        {
            sql = $"""
                WITH matches AS MATERIALIZED (SELECT l.id, {key.Expression} AS sort_key {from} WHERE {where}),
                     page AS (SELECT id, sort_key FROM matches{keyset} ORDER BY sort_key {key.Direction}, id {key.Direction} LIMIT @take)
                SELECT {(count ? "(SELECT count(*) FROM matches)" : "NULL::bigint")},
                       {Columns}, page.sort_key
                  FROM page JOIN marketplace.listings l ON l.id = page.id
                 ORDER BY page.sort_key {key.Direction}, page.id {key.Direction}
                """;
        }
        else
        {
            sql = $"""
                SELECT {(count ? $"({countSql})" : "NULL::bigint")},
                       {Columns}, {key.Expression} AS sort_key
                  {from}
                 WHERE {where}{keyset}
                 ORDER BY sort_key {key.Direction}, l.id {key.Direction}
                 LIMIT @take
                """;
        }

        await using var command = await CommandAsync(sql, pageParameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Row>();
        long total = 0;
        while (await reader.ReadAsync(ct))
        {
            total = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            rows.Add(new Row(ReadItem(reader, 1), key.Read(reader, 12)));
        }

        return new Page(rows, total);
    }

    /// <summary>
    /// A relevance page of a text search. Its candidates are the <see cref="MarketplaceOptions.RankedMatches"/> most
    /// popular matches (all of them when there are no more), ranked by <c>ts_rank</c>; the matches
    /// past them (the tail) follow in popularity order. A page can hold the end of the ranked head
    /// and the start of the tail. The first page learns where the head ends (the last candidate's
    /// popularity and id) and its cursor carries it, so later pages rank the same candidates.
    /// </summary>
    /// <remarks>
    /// Walk: find the candidates by walking the popularity index and testing each listing, instead of
    /// visiting every match (see WalkPopularityAsync for when that is cheaper).
    /// </remarks>
    private async Task<Page> ReadRankedPageAsync(
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

        var candidates = "SELECT NULL::uuid AS id, 0::bigint AS popularity, NULL::float8 AS sort_key WHERE false";
        var parts = new List<string>();
        if (!(after?.Tail ?? false))
        {
            // The first page takes one candidate more than it ranks, to learn whether there is a tail. Later
            // pages take the candidates down to the head's end: listings published since may have joined
            // them, and the bound only keeps a forged cursor from ranking every match. "+ 0" keeps
            // PostgreSQL from walking the popularity index when visiting every match is cheaper; each
            // match visited is then ranked as it is read (cheaper than sorting its whole document by
            // popularity to rank it afterwards).
            var bound = headEnd is null ? "" : " AND (l.popularity, l.id) >= (@headEndPopularity, @headEndId)";
            candidates = $"""
                SELECT l.id, l.popularity, {key.Expression} AS sort_key {from} WHERE {where}{bound}
                 ORDER BY {(walk ? "l.popularity" : "l.popularity + 0")} DESC, l.id DESC LIMIT {(first ? "@ranked + 1" : "2 * @ranked")}
                """;
            parts.Add($"""
                SELECT 0 AS segment, id, sort_key, 0::bigint AS popularity
                  FROM (SELECT * FROM candidates ORDER BY popularity DESC, id DESC{(first ? " LIMIT @ranked" : "")}) ranked
                 {(first ? "" : $"WHERE (sort_key, id) {key.After} (@afterKey, @afterId)")}
                 ORDER BY sort_key DESC, id DESC LIMIT @take
                """);
        }

        var tailStart = after switch
        {
            // EXISTS is decided once, before the scan: with no tail, the tail is not looked for at all.
            null => "EXISTS (SELECT FROM head_end) AND (l.popularity, l.id) < (SELECT popularity, id FROM head_end)",
            { Tail: true } => "(l.popularity, l.id) < (@afterKey, @afterId)",
            _ when headEnd is not null => "(l.popularity, l.id) < (@headEndPopularity, @headEndId)",
            _ => null,
        };
        if (tailStart is not null)
        {
            parts.Add($"""
                SELECT 1 AS segment, l.id, NULL::float8 AS sort_key, l.popularity {from}
                 WHERE {where} AND {tailStart}
                 ORDER BY l.popularity DESC, l.id DESC LIMIT @take
                """);
        }

        // Only the first page counts and learns where the head ends (the last ranked candidate); later
        // pages have both in their cursor.
        var sql = $"""
            WITH candidates AS MATERIALIZED ({candidates}),
                 head_end AS (SELECT popularity, id FROM candidates WHERE (SELECT count(*) FROM candidates) > @ranked
                              ORDER BY popularity DESC, id DESC OFFSET @ranked - 1 LIMIT 1),
                 page AS ({string.Join(" UNION ALL ", parts.Select(p => $"({p})"))})
            SELECT {(first ? "(SELECT count(*) FROM candidates), (SELECT popularity FROM head_end), (SELECT id FROM head_end)" : "NULL::bigint, NULL::bigint, NULL::uuid")},
                   {Columns}, page.segment, page.sort_key, page.popularity
              FROM page JOIN marketplace.listings l ON l.id = page.id
             ORDER BY page.segment, page.sort_key DESC, page.popularity DESC, page.id DESC
             LIMIT @take
            """;

        await using var command = await CommandAsync(sql, pageParameters, ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<Row>();
        long total = 0;
        var end = headEnd;
        while (await reader.ReadAsync(ct))
        {
            total = reader.IsDBNull(0) ? 0 : reader.GetInt64(0);
            if (first && !reader.IsDBNull(1))
            {
                end = new PopularityKey(reader.GetInt64(1), reader.GetGuid(2));
            }

            var tail = reader.GetInt32(14) == 1;
            rows.Add(new Row(ReadItem(reader, 3), tail ? (object)reader.GetInt64(16) : reader.GetDouble(15), tail));
        }

        return new Page(rows, total, new RankedHead(end, walk));
    }

    /// <summary>
    /// Whether PostgreSQL expects the words as typed to match so many published listings that walking
    /// the popularity index finds the candidates sooner than visiting every match. The walk tests about
    /// candidates × listings ÷ matches listings, which is cheaper once
    /// matches² × <see cref="MatchVisitCost"/> > candidates × listings. The expected matches come from the
    /// planner's statistics, which cost a plan, not a scan; a wrong guess costs time, never results.
    /// </summary>
    private async Task<bool> WalkPopularityAsync(List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        if (_popularityWalk != PopularityWalk.Auto)
        {
            return _popularityWalk == PopularityWalk.Always;
        }

        await using var command = await CommandAsync(
            $"""
             SELECT reltuples FROM pg_class WHERE oid = 'marketplace.search_documents'::regclass;
             EXPLAIN (FORMAT JSON) SELECT 1 FROM marketplace.search_documents l {Input} WHERE l.search_vector @@ input.tsq
             """,
            [parameters.Single(p => p.ParameterName == "tsq").Clone()], ct);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var listings = reader.GetFloat(0);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        using var plan = JsonDocument.Parse(reader.GetString(0));
        var expected = plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
        return listings > 0 && expected * expected * MatchVisitCost > (double)_rankedMatches * listings;
    }

    /// <summary>A result item from <see cref="Columns"/>, read from the reader's column <paramref name="at"/> on.</summary>
    private static SearchItem ReadItem(DbDataReader reader, int at) => new(
        reader.GetGuid(at + 1), reader.GetGuid(at), reader.GetString(at + 2), reader.GetString(at + 3), Summarize(reader.GetString(at + 4)),
        reader.GetFieldValue<string[]>(at + 5),
        new RatingSummary(reader.IsDBNull(at + 6) ? null : Math.Round(reader.GetDouble(at + 6), 2), reader.GetInt32(at + 7)),
        PricingPlan.Deserialize(reader.GetString(at + 8)), reader.GetBoolean(at + 9), reader.IsDBNull(at + 10) ? null : reader.GetString(at + 10));

    private async Task<DbCommand> CommandAsync(string sql, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opening = connection.State != System.Data.ConnectionState.Open;
        if (opening)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        if (opening || !_plannedPerQuery)
        {
            // Statements are prepared (ModuleDatabase), and after five runs PostgreSQL may keep one generic
            // plan for a statement whatever its parameters; a search's best plan depends on its words and
            // filters (a generic plan made text searches twice as slow, docs/benchmarks.md), so searches
            // are planned for their parameters every time. The setting ends when the connection goes back
            // to the pool, which resets it.
            await db.Database.ExecuteSqlRawAsync("SET plan_cache_mode = force_custom_plan", ct);
            _plannedPerQuery = true;
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }

    /// <summary>The description's opening, cut at a word boundary.</summary>
    private static string Summarize(string description)
    {
        if (description.Length <= SummaryLength)
        {
            return description;
        }

        var cut = description.LastIndexOf(' ', SummaryLength);
        return string.Concat(description.AsSpan(0, cut > SummaryLength / 2 ? cut : SummaryLength).TrimEnd(), "…");
    }

    private static string Fingerprint(SearchQuery query) =>
        Base64Url.EncodeToString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(query, Json)).AsSpan(0, 12));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}

/// <summary>Where the previous page ended: its last row's sort key and id, and which query it belongs to.</summary>
/// <remarks>
/// It also carries the first page's count and whether typo tolerance was on, so later pages neither count
/// again nor change mode; and for relevance, where the ranked head ends, whether the page ended in the
/// tail (its key is then a popularity) and how the candidates were found.
/// </remarks>
internal sealed record SearchCursor(string Query, double? Score, long? Number, DateTimeOffset? Time, Guid Id, bool Fuzzy = false, long Total = 0)
{
    public PopularityKey? HeadEnd { get; init; }

    public bool Tail { get; init; }

    public bool Walk { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault };

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this, Json));

    public static SearchCursor? Decode(string cursor)
    {
        try
        {
            var decoded = JsonSerializer.Deserialize<SearchCursor>(Base64Url.DecodeFromChars(cursor), Json);
            return decoded is { Query: not null, Total: >= 0 } && decoded.Id != Guid.Empty ? decoded : null;
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>A page's statement: what it reads, which rows match, how they are ordered, and whether to count them.</summary>
/// <remarks>
/// CountSql: the statement that counts the same rows (up to a limit) when Count; relevance, which finds
/// its matches anyway, counts them itself.
/// </remarks>
internal sealed record PageSql(string From, string Where, SortKey Key, bool Count, string? CountSql = null);

/// <summary>A page's rows (one more than the limit when there is a next page) and, when counted, the total.</summary>
/// <remarks>Head: for a relevance page, where its ranked head ends and how its candidates were found.</remarks>
internal sealed record Page(List<Row> Rows, long Total, RankedHead? Head = null);

/// <summary>A result and its sort key; Tail: a relevance row past the ranked head, whose key is its popularity.</summary>
internal sealed record Row(SearchItem Item, object SortKey, bool Tail = false);

/// <summary>The last ranked candidate's place in popularity order (null: every match was ranked), and whether candidates were found by walking that order.</summary>
internal sealed record RankedHead(PopularityKey? End, bool Walk);

internal sealed record PopularityKey(long Popularity, Guid Id);

/// <summary>A sort: the SQL of its key, its direction, and how its key travels in a cursor.</summary>
/// <remarks>
/// RanksEveryMatch: the key is computed from the query for every match (typo-tolerant relevance), so
/// no index gives its order and every page ranks all matches.
/// </remarks>
internal sealed record SortKey(string Expression, bool Descending, NpgsqlDbType Type, bool RanksEveryMatch = false)
{
    public string Direction => Descending ? "DESC" : "ASC";

    public string After => Descending ? "<" : ">";

    public object Read(DbDataReader reader, int ordinal) => Type switch
    {
        NpgsqlDbType.Double => reader.GetDouble(ordinal),
        NpgsqlDbType.Bigint => reader.GetInt64(ordinal),
        _ => reader.GetFieldValue<DateTimeOffset>(ordinal),
    };

    public SearchCursor CursorFor(string query, object key, Guid id, bool fuzzy, long total) => key switch
    {
        double score => new SearchCursor(query, score, null, null, id, fuzzy, total),
        long number => new SearchCursor(query, null, number, null, id, fuzzy, total),
        _ => new SearchCursor(query, null, null, (DateTimeOffset)key, id, fuzzy, total),
    };

    /// <summary>The cursor's key as a parameter; null when the cursor does not carry this sort's key (or a score that is not a number).</summary>
    public NpgsqlParameter? CursorParameter(SearchCursor cursor)
    {
        object? value = Type switch
        {
            NpgsqlDbType.Double => cursor.Score is { } score && double.IsFinite(score) ? score : null,
            NpgsqlDbType.Bigint => cursor.Number,
            _ => cursor.Time?.ToUniversalTime(),
        };
        return value is null ? null : new NpgsqlParameter("afterKey", Type) { Value = value };
    }
}

internal static class SortKeys
{
    // Full-text matches rank 1 + ts_rank, above every fuzzy-only match (word similarity ≤ 1). Words as typed
    // are ranked over their candidates (ReadRankedPageAsync), where every row is a full-text match, so
    // the same key needs no CASE (and no second @@).
    private static readonly SortKey Relevance = new("(1 + ts_rank(l.search_vector, input.tsq))::float8", true, NpgsqlDbType.Double);

    private static readonly SortKey TypoTolerantRelevance = new(
        "(CASE WHEN l.search_vector @@ input.tsq THEN 1 + ts_rank(l.search_vector, input.tsq) ELSE word_similarity(@q, l.search_terms) END)::float8",
        true, NpgsqlDbType.Double, RanksEveryMatch: true);

    /// <summary>The relevance matches past the ranked head, in popularity order.</summary>
    public static readonly SortKey RelevanceTail = new("l.popularity", true, NpgsqlDbType.Bigint);

    public static SortKey For(string sort, bool fuzzy) => sort switch
    {
        SearchSorts.Relevance => fuzzy ? TypoTolerantRelevance : Relevance,
        SearchSorts.Rating => new("l.rating_score", true, NpgsqlDbType.Double),
        SearchSorts.Newest => new("l.published_at", true, NpgsqlDbType.TimestampTz),
        SearchSorts.Price => new("l.price_cents", false, NpgsqlDbType.Bigint),
        _ => new("l.popularity", true, NpgsqlDbType.Bigint),
    };
}
