namespace AgentMarketplace.Marketplace.Persistence;

/// <summary>
/// Every SQL statement marketplace search runs, in one place. Search composes them from a few parts —
/// where the rows come from (listings, or the narrow search_documents copy), which rows match, the sort
/// key and the cursor's keyset — so the parts are named here and the statements built from them below.
/// Every value is a parameter (@name); only fixed SQL fragments and limits from configuration are spliced in.
/// Each page statement names its columns, and the readers read them by those names (see SearchRows).
/// </summary>
/// <remarks>Why the statements look as they do, with the measurements: docs/adr/0003-search-ranking.md.</remarks>
internal static class SearchSql
{
    /// <summary>The listing columns every page returns, aliased l.</summary>
    public const string ListingColumns = "l.id, l.agent_id, l.agent_slug, l.name, l.summary, l.categories, l.rating_average, l.rating_count, " +
                                         "l.pricing::text, l.verified, l.latest_version, " +
                                         "l.reliability_calls, l.reliability_success_rate, l.reliability_p50ms, l.reliability_p95ms";

    /// <summary>The query's words (@tsq) as a tsquery, joined once so every row can refer to input.tsq.</summary>
    private const string TextInput = "CROSS JOIN (SELECT to_tsquery('english', @tsq) AS tsq) input";

    public const string Listings = "FROM marketplace.listings l";

    public const string ListingsWithText = $"FROM marketplace.listings l {TextInput}";

    /// <summary>The narrow copy of the published listings' documents, popularity and filter columns, which serves ranked text.</summary>
    public const string DocumentsWithText = $"FROM marketplace.search_documents l {TextInput}";

    public const string DocumentMatches = "l.search_vector @@ input.tsq";

    /// <summary>
    /// The same match, tested on the rows the filters find instead of looked up in the text index: for words the
    /// filters imply (<see cref="FacetWordsImply"/>). The index would read every document with the word in the
    /// catalogue, only to AND them with the documents the facet names, which all have it. IS TRUE is what keeps
    /// PostgreSQL from using the index; the test stays, so a document that somehow lacks its facet's words is still left out.
    /// </summary>
    public const string ImpliedDocumentMatches = "(l.search_vector @@ input.tsq) IS TRUE";

    public const string Published = "l.status = 'published'";

    public const string CategoryFilter = "l.categories @> ARRAY[@category]::text[]";
    public const string TagFilter = "l.tags @> ARRAY[@tag]::text[]";
    public const string CapabilityFilter = "l.capabilities @> ARRAY[@capability]::text[]";
    public const string PricingModelFilter = "l.pricing_model = @model";
    public const string MaxPriceFilter = "l.price_cents <= @maxPrice";
    public const string MinRatingFilter = "l.rating_average >= @minRating";
    public const string MinSuccessRateFilter = "l.reliability_success_rate >= @minSuccessRate";

    /// <summary>
    /// The success rate from which a search document is reliable (its generated column <c>reliable</c>). Relevance-ranked
    /// text with a <c>minSuccessRate</c> of at least this reads its matches from a text index of the reliable documents alone.
    /// </summary>
    public const double ReliableSuccessRate = 0.9;

    /// <summary>search_documents.reliable. A column of its own, not an index predicate on the rate: a new rate on the same side of the line still updates the document in place (HOT).</summary>
    public static readonly string ReliableDefinition = FormattableString.Invariant($"reliability_success_rate >= {ReliableSuccessRate}::float8");

    public const string ReliableDocumentFilter = " AND l.reliable";
    public const string VerifiedFilter = " AND l.verified";

    // Full-text matches rank 1 + ts_rank, above every fuzzy-only match (word similarity ≤ 1). Words as typed
    // are ranked over their candidates (RankedPage), where every row is a full-text match, so the same key
    // needs no CASE (and no second @@).
    public const string RelevanceKey = "(1 + ts_rank(l.search_vector, input.tsq))::float8";

    public const string TypoTolerantRelevanceKey =
        "(CASE WHEN l.search_vector @@ input.tsq THEN 1 + ts_rank(l.search_vector, input.tsq) ELSE word_similarity(@q, l.search_terms) END)::float8";

    public const string RatingKey = "l.rating_score";
    public const string NewestKey = "l.published_at";
    public const string PriceKey = "l.price_cents";
    public const string PopularityKey = "l.popularity";
    public const string ReliabilityKey = "l.reliability_score";

    /// <summary>
    /// Statements are prepared (ModuleDatabase), and after five runs PostgreSQL may keep one generic plan
    /// for a statement whatever its parameters; a search's best plan depends on its words and filters (a
    /// generic plan made text searches twice as slow, docs/benchmarks-history.md), so searches are planned
    /// for their parameters every time. The setting ends when the connection goes back to the pool, which
    /// resets it.
    /// </summary>
    public const string PlanPerQuery = "SET plan_cache_mode = force_custom_plan";

    /// <summary>Per word (@words): whether the English dictionary drops it as a stop word. Columns: w, stop.</summary>
    public const string StopWords = "SELECT w, numnode(to_tsquery('english', w || ':*')) = 0 AS stop FROM unnest(@words) w";

    /// <summary>
    /// What relevance chooses its way to the candidates by, from PostgreSQL's statistics (a plan and catalogue
    /// reads, not scans): the documents it counts (reltuples), then the planner's estimate of those matching
    /// <paramref name="conditions"/>, then, when <paramref name="facetWords"/>, whether the filters' facets imply the
    /// words, then, when <paramref name="popularity"/>, the statistics of their popularity (columns common_values,
    /// common_shares, bounds; no row before the table was first analyzed).
    /// </summary>
    public static string CandidateStatistics(string conditions, bool facetWords, bool popularity) => $"""
         SELECT reltuples FROM pg_class WHERE oid = 'marketplace.search_documents'::regclass;
         EXPLAIN (FORMAT JSON) SELECT 1 {DocumentsWithText} WHERE {conditions}{(facetWords ? ";" + FacetWordsImply : "")}{(popularity ? ";" + PopularityStatistics : "")}
         """;

    /// <summary>
    /// Whether the words of the facets a search filters by (@facetWords, as the documents hold them: see
    /// Catalog.CatalogCopy.KeywordsOf) match the query (@tsq) by themselves: then every document the facets
    /// name matches it too (`data` in the category data). Column: implied.
    /// </summary>
    private const string FacetWordsImply = "SELECT to_tsvector('english', @facetWords) @@ to_tsquery('english', @tsq) AS implied";

    private const string PopularityStatistics = """

         SELECT most_common_vals::text::bigint[] AS common_values, most_common_freqs AS common_shares,
                histogram_bounds::text::bigint[] AS bounds
           FROM pg_stats WHERE schemaname = 'marketplace' AND tablename = 'search_documents' AND attname = 'popularity'
         """;

    /// <summary>The rows that match the filters and contain the words as typed.</summary>
    public static string TextMatching(string filters) => $"{filters} AND {DocumentMatches}";

    /// <summary>Word <paramref name="i"/> (@p<paramref name="i"/> as a prefix, @w<paramref name="i"/> as typed) as a prefix in the document or a typo of a name or keyword.</summary>
    public static string TypoTolerantWord(int i) => $" AND (l.search_vector @@ to_tsquery('english', @p{i}) OR @w{i} <% l.search_terms)";

    public const string NoMatch = " AND false";

    /// <summary>
    /// Counts the matches up to one more than <paramref name="limit"/>, so the count costs no more than
    /// that however many match.
    /// </summary>
    public static string CountUpTo(string from, string where, int limit) =>
        $"SELECT count(*) FROM (SELECT 1 {from} WHERE {where} LIMIT {limit + 1}) matched";

    /// <summary>
    /// The count of one category, tag or capability (@kind) in search_facets, with a success rate of at least
    /// @minSuccessRate when <paramref name="minSuccessRate"/>: an index-only range of one B-tree.
    /// </summary>
    public static string FacetCountUpTo(string kind, bool minSuccessRate, int limit) =>
        CountUpTo("FROM marketplace.search_facets f",
            $"f.kind = '{kind}' AND f.value = @{kind}{(minSuccessRate ? " AND f.reliability_success_rate >= @minSuccessRate" : "")}", limit);

    /// <summary>
    /// A keyset page (@take rows after @afterKey, @afterId), with the total on a first page. A key computed
    /// for every match (typo-tolerant relevance) ranks the matches in a materialized set of (id, key) and
    /// fetches the listing columns for the page's rows alone, instead of building every matching row's
    /// output before the top-N sort picks a page.
    /// </summary>
    /// <remarks>Columns: total, the listing columns, sort_key.</remarks>
    public static string KeysetPage(
        string from, string where, string keyExpression, bool descending, bool ranksEveryMatch, bool afterCursor, bool count, string? countSql)
    {
        var direction = Direction(descending);
        var after = After(descending);
        // A row comparison, so PostgreSQL can start the index scan at the cursor instead of filtering up to it.
        var keyset = !afterCursor ? ""
            : ranksEveryMatch ? $" WHERE (sort_key, id) {after} (@afterKey, @afterId)"
            : $" AND ({keyExpression}, l.id) {after} (@afterKey, @afterId)";
        if (ranksEveryMatch)
        {
            return $"""
                WITH matches AS MATERIALIZED (SELECT l.id, {keyExpression} AS sort_key {from} WHERE {where}),
                     page AS (SELECT id, sort_key FROM matches{keyset} ORDER BY sort_key {direction}, id {direction} LIMIT @take)
                SELECT {(count ? "(SELECT count(*) FROM matches)" : "NULL::bigint")} AS total,
                       {ListingColumns}, page.sort_key
                  FROM page JOIN marketplace.listings l ON l.id = page.id
                 ORDER BY page.sort_key {direction}, page.id {direction}
                """;
        }

        return $"""
            SELECT {(count ? $"({countSql})" : "NULL::bigint")} AS total,
                   {ListingColumns}, {keyExpression} AS sort_key
              {from}
             WHERE {where}{keyset}
             ORDER BY sort_key {direction}, l.id {direction}
             LIMIT @take
            """;
    }

    /// <summary>
    /// A relevance page: the head (candidates, the @ranked most popular matches, ranked by
    /// <paramref name="keyExpression"/>) and then the tail (the matches past them, by popularity), @take
    /// rows in all. A first page takes one candidate more than it ranks, to learn whether there is a
    /// tail, and returns the total and where the head ends; later pages carry both in their cursor
    /// (@headEndPopularity, @headEndId) and start after @afterKey, @afterId — a popularity in the tail.
    /// Candidates are found by walking the popularity index (<paramref name="walk"/>) or through the text
    /// index, where a first page with <paramref name="floor"/> reads only those at or above the popularity
    /// @floor (its caller checks that the floor kept more than the head) and a later page's floor is the
    /// head's end: PostgreSQL ANDs a range of the popularity index with the text index.
    /// </summary>
    /// <remarks>
    /// Columns: total, head_end_popularity, head_end_id, the listing columns, segment (0 head, 1 tail), sort_key, popularity.
    /// When <paramref name="headFillsFirstPage"/> (@ranked ≥ @take), a first page never reaches the tail, so it does
    /// not look for it: finding it walks the popularity index past the head's end, the further the rarer the matches.
    /// </remarks>
    public static string RankedPage(
        string from, string where, string keyExpression, bool descending, RankedPagePosition position, bool walk, bool floor, bool headFillsFirstPage)
    {
        var after = After(descending);
        var first = position == RankedPagePosition.First;
        var candidates = "SELECT NULL::uuid AS id, 0::bigint AS popularity, NULL::float8 AS sort_key WHERE false";
        var parts = new List<string>();
        if (position != RankedPagePosition.InTail)
        {
            // Later pages take the candidates down to the head's end: listings published since may have
            // joined them, and the bound only keeps a forged cursor from ranking every match. "+ 0" keeps
            // PostgreSQL from walking the popularity index when reading the matches is cheaper; each match
            // read is then ranked as it is read (cheaper than sorting its whole document by popularity to
            // rank it afterwards).
            var bound = position == RankedPagePosition.InHeadWithEnd
                ? " AND l.popularity >= @headEndPopularity AND (l.popularity, l.id) >= (@headEndPopularity, @headEndId)"
                : floor ? " AND l.popularity >= @floor" : "";
            candidates = $"""
                SELECT l.id, l.popularity, {keyExpression} AS sort_key {from} WHERE {where}{bound}
                 ORDER BY {(walk ? "l.popularity" : "l.popularity + 0")} DESC, l.id DESC LIMIT {(first ? "@ranked + 1" : "2 * @ranked")}
                """;
            parts.Add($"""
                SELECT 0 AS segment, id, sort_key, 0::bigint AS popularity
                  FROM (SELECT * FROM candidates ORDER BY popularity DESC, id DESC{(first ? " LIMIT @ranked" : "")}) ranked
                 {(first ? "" : $"WHERE (sort_key, id) {after} (@afterKey, @afterId)")}
                 ORDER BY sort_key DESC, id DESC LIMIT @take
                """);
        }

        var tailStart = position switch
        {
            RankedPagePosition.First when headFillsFirstPage => null,
            // EXISTS is decided once, before the scan: with no tail, the tail is not looked for at all.
            RankedPagePosition.First => "EXISTS (SELECT FROM head_end) AND (l.popularity, l.id) < (SELECT popularity, id FROM head_end)",
            RankedPagePosition.InTail => "(l.popularity, l.id) < (@afterKey, @afterId)",
            RankedPagePosition.InHeadWithEnd => "(l.popularity, l.id) < (@headEndPopularity, @headEndId)",
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

        return $"""
            WITH candidates AS MATERIALIZED ({candidates}),
                 head_end AS (SELECT popularity, id FROM candidates WHERE (SELECT count(*) FROM candidates) > @ranked
                              ORDER BY popularity DESC, id DESC OFFSET @ranked - 1 LIMIT 1),
                 page AS ({string.Join(" UNION ALL ", parts.Select(p => $"({p})"))})
            SELECT {(first
                ? "(SELECT count(*) FROM candidates) AS total, (SELECT popularity FROM head_end) AS head_end_popularity, (SELECT id FROM head_end) AS head_end_id"
                : "NULL::bigint AS total, NULL::bigint AS head_end_popularity, NULL::uuid AS head_end_id")},
                   {ListingColumns}, page.segment, page.sort_key, page.popularity
              FROM page JOIN marketplace.listings l ON l.id = page.id
             ORDER BY page.segment, page.sort_key DESC, page.popularity DESC, page.id DESC
             LIMIT @take
            """;
    }

    private static string Direction(bool descending) => descending ? "DESC" : "ASC";

    /// <summary>The comparison that keeps the rows after a cursor: smaller keys when the order is descending.</summary>
    private static string After(bool descending) => descending ? "<" : ">";
}

/// <summary>Where a relevance page starts.</summary>
internal enum RankedPagePosition
{
    /// <summary>The first page: no cursor.</summary>
    First,

    /// <summary>After a row of the head, every match having been ranked (no head end).</summary>
    InHead,

    /// <summary>After a row of the head, whose end the cursor carries.</summary>
    InHeadWithEnd,

    /// <summary>After a row of the tail: only the tail is left.</summary>
    InTail,
}
