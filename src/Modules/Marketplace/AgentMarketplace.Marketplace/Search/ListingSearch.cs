using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

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
/// <remarks>
/// This class picks the path and builds the next cursor; <see cref="SearchFilters"/> turns the query into
/// SQL conditions, <see cref="KeysetPages"/> and <see cref="RankedPages"/> read pages, and every statement is
/// in <see cref="SearchSql"/>. docs/modules/marketplace.md describes the behaviour.
/// </remarks>
internal sealed class ListingSearch
{
    private const string InvalidCursor = "cursor is not one this server issued for this query; start again without it.";

    private readonly int _rankedMatches;
    private readonly int _countedMatches;
    private readonly SearchWords _words;
    private readonly KeysetPages _pages;
    private readonly RankedPages _rankedPages;

    public ListingSearch(MarketplaceDbContext db, IOptions<MarketplaceOptions> options, PopularityStatistics popularity)
    {
        var connection = new SearchConnection(db);
        _rankedMatches = options.Value.RankedMatches;
        _countedMatches = options.Value.CountedMatches;
        _words = new SearchWords(connection);
        _pages = new KeysetPages(connection);
        _rankedPages = new RankedPages(connection, options.Value, popularity);
    }

    public async Task<Result<SearchResults>> SearchAsync(SearchQuery query, CancellationToken ct)
    {
        var text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim().ToLowerInvariant();
        var sort = query.EffectiveSort == SearchSorts.Relevance && text is null ? SearchSorts.Popular : query.EffectiveSort;
        var limit = query.Limit ?? PageRequest.DefaultLimit;
        var fingerprint = SearchCursor.Fingerprint(query with { Q = text, Sort = sort, Limit = null, Cursor = null });
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
                return DomainError.Invalid("cursor", InvalidCursor);
            }
        }

        var filters = SearchFilters.Of(query);
        var (page, fuzzy) = text is null
            ? (await FilteredPageAsync(filters, key, after, afterKey, limit, ct), after?.Fuzzy ?? false)
            : await TextPageAsync(text, sort, key, filters, after, afterKey, limit, ct);

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
                Tail = last.Tail, Walk = page.Head?.Walk ?? false, Floor = page.Head?.Floor, HeadEnd = page.Head?.End,
                Implied = page.Head?.Implied ?? false,
            };
            next = cursor.Encode();
        }

        return new SearchResults(rows.Take(limit).Select(r => r.Item).ToList(), next, total, exact);
    }

    /// <summary>A search without text: filters and a sort, counted in search_facets when one facet is the only filter.</summary>
    private Task<Page> FilteredPageAsync(
        SearchFilters filters, SortKey key, SearchCursor? after, NpgsqlParameter? afterKey, int limit, CancellationToken ct)
    {
        var count = filters.FacetCount(_countedMatches) ?? SearchSql.CountUpTo(SearchSql.Listings, filters.Where, _countedMatches);
        return _pages.ReadAsync(
            new PageSql(SearchSql.Listings, filters.Where, key, Count: after is null, count), filters.Parameters, after, afterKey, limit, ct);
    }

    /// <summary>A search with text: the words as typed, and on a first page that finds less than a page, typo tolerance.</summary>
    /// <returns>The page, and whether it is typo-tolerant (later pages stay in the mode of the first).</returns>
    private async Task<(Page Page, bool Fuzzy)> TextPageAsync(
        string text, string sort, SortKey key, SearchFilters filters, SearchCursor? after, NpgsqlParameter? afterKey, int limit, CancellationToken ct)
    {
        const string from = SearchSql.ListingsWithText;
        var parameters = filters.Parameters;
        var words = SearchWords.Split(text);
        parameters.Add(new NpgsqlParameter("q", text));
        parameters.Add(new NpgsqlParameter("tsq", SearchWords.PrefixQuery(words)));
        // Ranking words as typed needs the full-text document, popularity and the filters' columns: the narrow
        // copy of the published listings serves it (RankedPages). Other sorts walk their own index over the listings.
        var ranked = sort == SearchSorts.Relevance;
        var matching = SearchSql.TextMatching(filters.Where);
        var sorted = new PageSql(from, matching, key, Count: true, SearchSql.CountUpTo(from, matching, _rankedMatches));

        async Task<PageSql> TypoTolerantAsync(bool count)
        {
            var typoTolerant = $"{filters.Where}{await _words.TypoTolerantConditionAsync(words, parameters, ct)}";
            return new PageSql(from, typoTolerant, SortKeys.For(sort, fuzzy: true), count, count ? SearchSql.CountUpTo(from, typoTolerant, _rankedMatches) : null);
        }

        if (after is null)
        {
            var page = ranked
                ? await _rankedPages.ReadFirstAsync(filters, key, parameters, limit, ct)
                : await _pages.ReadAsync(sorted, parameters, null, null, limit, ct);
            // Typo tolerance is the fallback: when the words as typed match less than a page, trigram
            // similarity may stand in for any word. Trying it for every query would compare every
            // listing when a common word matches thousands (see docs/benchmarks-history.md). A count past
            // the ranked matches means more than that, however small the page.
            if (page.Total < limit && page.Total <= _rankedMatches)
            {
                return (await _pages.ReadAsync(await TypoTolerantAsync(count: true), parameters, null, null, limit, ct), true);
            }

            return (page, false);
        }

        if (after.Fuzzy)
        {
            return (await _pages.ReadAsync(await TypoTolerantAsync(count: false), parameters, after, afterKey, limit, ct), true);
        }

        return (ranked
            ? await _rankedPages.ReadAfterAsync(filters, key, parameters, after, afterKey!, limit, ct)
            : await _pages.ReadAsync(sorted with { Count = false }, parameters, after, afterKey, limit, ct), false);
    }
}
