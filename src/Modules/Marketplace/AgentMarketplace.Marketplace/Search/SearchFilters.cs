using System.Text;
using AgentMarketplace.Marketplace.Catalog;
using AgentMarketplace.Marketplace.Persistence;
using Npgsql;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// A search's filters as SQL over published listings (aliased l): the WHERE clause and its parameters.
/// Text adds its own parameters to the same list.
/// </summary>
internal sealed class SearchFilters
{
    private readonly SearchQuery _query;

    private SearchFilters(SearchQuery query, string conditions, List<NpgsqlParameter> parameters)
    {
        _query = query;
        Where = SearchSql.Published + conditions;
        EstimatedDocumentConditions = SearchSql.DocumentMatches + conditions;
        // The rate stays a condition: the reliable documents' index only narrows what is read.
        var reliable = query.MinSuccessRate >= SearchSql.ReliableSuccessRate;
        DocumentConditions = EstimatedDocumentConditions + (reliable ? SearchSql.ReliableDocumentFilter : "");
        var facets = new[] { query.Category, query.Tag, query.Capability }.Where(value => !string.IsNullOrEmpty(value)).ToList();
        // The reliable documents' own text index narrows more than the facet; without a condition on the text,
        // PostgreSQL would read that partial index whole just to find the reliable documents (36 vs 9.5 ms at 100k).
        Implication = facets.Count == 0 || reliable ? null : new FacetImplication(
            string.Join(' ', facets.Select(value => CatalogCopy.SearchableWords(value!))), SearchSql.ImpliedDocumentMatches + conditions);
        Parameters = parameters;
        // Counted before text adds its parameters.
        Count = parameters.Count + (query.VerifiedOnly == true ? 1 : 0);
    }

    public string Where { get; }

    /// <summary>
    /// The text match and the filters over the narrow search documents, which carry every column a filter reads
    /// and hold only published listings.
    /// </summary>
    /// <remarks>
    /// With a <c>minSuccessRate</c> of at least <see cref="SearchSql.ReliableSuccessRate"/>, only the reliable documents, whose
    /// text has an index of its own.
    /// </remarks>
    public string DocumentConditions { get; }

    /// <summary>
    /// How the documents may be matched without the text index should the facets filtered by imply the words; null
    /// when the search filters by no category, tag or capability, or reads the reliable documents' own text index.
    /// </summary>
    public FacetImplication? Implication { get; }

    /// <summary>
    /// The same matches as <see cref="DocumentConditions"/>, for PostgreSQL to estimate how many there are: without the
    /// reliable documents' condition, which it would take for a second filter independent of the rate and so expect
    /// fewer matches than there are (2.5 times fewer for `invoice` at 0.9 in the benchmark).
    /// </summary>
    public string EstimatedDocumentConditions { get; }

    public List<NpgsqlParameter> Parameters { get; }

    /// <summary>How many filters the query sets (verifiedOnly included).</summary>
    public int Count { get; }

    public static SearchFilters Of(SearchQuery query)
    {
        // minRating=0 asks for no minimum: unrated listings (no average yet) stay in, as with no minRating.
        query = query.MinRating > 0 ? query : query with { MinRating = null };
        var parameters = new List<NpgsqlParameter>();
        var where = new StringBuilder();
        Add(where, parameters, "category", query.Category?.ToLowerInvariant(), SearchSql.CategoryFilter);
        Add(where, parameters, "tag", query.Tag?.ToLowerInvariant(), SearchSql.TagFilter);
        Add(where, parameters, "capability", query.Capability?.ToLowerInvariant(), SearchSql.CapabilityFilter);
        Add(where, parameters, "model", query.PricingModel, SearchSql.PricingModelFilter);
        Add(where, parameters, "maxPrice", query.MaxPriceCents, SearchSql.MaxPriceFilter);
        Add(where, parameters, "minRating", query.MinRating, SearchSql.MinRatingFilter);
        Add(where, parameters, "minSuccessRate", query.MinSuccessRate, SearchSql.MinSuccessRateFilter);
        if (query.VerifiedOnly == true)
        {
            where.Append(SearchSql.VerifiedFilter);
        }

        return new SearchFilters(query, where.ToString(), parameters);
    }

    /// <summary>
    /// When the only filter is one category, tag or capability, alone or with <c>minSuccessRate</c>, the
    /// statement that counts its rows in search_facets (up to <paramref name="limit"/>): that count is the
    /// total. Null otherwise.
    /// </summary>
    public string? FacetCount(int limit)
    {
        var withRate = _query.MinSuccessRate is not null;
        if (Count != (withRate ? 2 : 1))
        {
            return null;
        }

        var facet = !string.IsNullOrEmpty(_query.Category) ? "category"
            : !string.IsNullOrEmpty(_query.Tag) ? "tag"
            : !string.IsNullOrEmpty(_query.Capability) ? "capability"
            : null;
        return facet is null ? null : SearchSql.FacetCountUpTo(facet, withRate, limit);
    }

    private static void Add<T>(StringBuilder where, List<NpgsqlParameter> parameters, string name, T? value, string condition)
    {
        if (value is null || value is string { Length: 0 })
        {
            return;
        }

        parameters.Add(new NpgsqlParameter(name, value));
        where.Append(" AND ").Append(condition);
    }
}

/// <summary>
/// The words of the category, tag and capability a search filters by, as every document with them holds them (in
/// any case: to_tsvector lowers it), and <see cref="SearchFilters.DocumentConditions"/> for words they imply: the same
/// rows, found from the filters alone (<see cref="SearchSql.ImpliedDocumentMatches"/>).
/// </summary>
internal sealed record FacetImplication(string FacetWords, string DocumentConditions);
