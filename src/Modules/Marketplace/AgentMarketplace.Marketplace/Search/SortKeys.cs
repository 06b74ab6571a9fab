using System.Data.Common;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>A sort: the SQL of its key, its direction, and how its key travels in a cursor.</summary>
/// <remarks>
/// RanksEveryMatch: the key is computed from the query for every match (typo-tolerant relevance), so
/// no index gives its order and every page ranks all matches.
/// </remarks>
internal sealed record SortKey(string Expression, bool Descending, NpgsqlDbType Type, bool RanksEveryMatch = false)
{
    public object Read(DbDataReader reader, int ordinal) => Type switch
    {
        NpgsqlDbType.Double => reader.GetDouble(ordinal),
        NpgsqlDbType.Bigint => reader.GetInt64(ordinal),
        _ => reader.GetFieldValue<DateTimeOffset>(ordinal),
    };

    /// <summary>A cursor after the row with <paramref name="key"/> and <paramref name="id"/>: the key goes in the field of its type.</summary>
    public SearchCursor CursorFor(string query, object key, Guid id, bool fuzzy, long total) => key switch
    {
        double score => new SearchCursor(query, score, null, null, id, fuzzy, total),
        long number => new SearchCursor(query, null, number, null, id, fuzzy, total),
        _ => new SearchCursor(query, null, null, (DateTimeOffset)key, id, fuzzy, total),
    };

    /// <summary>The cursor's key as the @afterKey parameter; null when the cursor does not carry this sort's key (or a score that is not a number).</summary>
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
    private static readonly SortKey Relevance = new(SearchSql.RelevanceKey, true, NpgsqlDbType.Double);

    private static readonly SortKey TypoTolerantRelevance = new(SearchSql.TypoTolerantRelevanceKey, true, NpgsqlDbType.Double, RanksEveryMatch: true);

    /// <summary>The relevance matches past the ranked head, in popularity order.</summary>
    public static readonly SortKey RelevanceTail = new(SearchSql.PopularityKey, true, NpgsqlDbType.Bigint);

    public static SortKey For(string sort, bool fuzzy) => sort switch
    {
        SearchSorts.Relevance => fuzzy ? TypoTolerantRelevance : Relevance,
        SearchSorts.Rating => new(SearchSql.RatingKey, true, NpgsqlDbType.Double),
        SearchSorts.Newest => new(SearchSql.NewestKey, true, NpgsqlDbType.TimestampTz),
        SearchSorts.Price => new(SearchSql.PriceKey, false, NpgsqlDbType.Bigint),
        SearchSorts.Reliability => new(SearchSql.ReliabilityKey, true, NpgsqlDbType.Double),
        _ => new(SearchSql.PopularityKey, true, NpgsqlDbType.Bigint),
    };
}
