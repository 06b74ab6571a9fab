using System.Data.Common;
using AgentMarketplace.Marketplace.Listings;
using AgentMarketplace.Marketplace.Persistence;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// Reads a result item from the listing columns of a page statement (<see cref="SearchSql.ListingColumns"/>),
/// by name: the ordinals are looked up once per reader.
/// </summary>
internal sealed class ListingColumns(DbDataReader reader)
{
    private const int SummaryLength = 240;

    private readonly int _id = reader.GetOrdinal("id");
    private readonly int _agentId = reader.GetOrdinal("agent_id");
    private readonly int _slug = reader.GetOrdinal("agent_slug");
    private readonly int _name = reader.GetOrdinal("name");
    private readonly int _summary = reader.GetOrdinal("summary");
    private readonly int _categories = reader.GetOrdinal("categories");
    private readonly int _ratingAverage = reader.GetOrdinal("rating_average");
    private readonly int _ratingCount = reader.GetOrdinal("rating_count");
    private readonly int _pricing = reader.GetOrdinal("pricing");
    private readonly int _verified = reader.GetOrdinal("verified");
    private readonly int _latestVersion = reader.GetOrdinal("latest_version");
    private readonly int _reliabilityCalls = reader.GetOrdinal("reliability_calls");
    private readonly int _successRate = reader.GetOrdinal("reliability_success_rate");
    private readonly int _p50 = reader.GetOrdinal("reliability_p50ms");
    private readonly int _p95 = reader.GetOrdinal("reliability_p95ms");

    /// <summary>The current row's item.</summary>
    public SearchItem Read() => new(
        reader.GetGuid(_agentId),
        reader.GetGuid(_id),
        reader.GetString(_slug),
        reader.GetString(_name),
        Summarize(reader.GetString(_summary)),
        reader.GetFieldValue<string[]>(_categories),
        new RatingSummary(reader.IsDBNull(_ratingAverage) ? null : Math.Round(reader.GetDouble(_ratingAverage), 2), reader.GetInt32(_ratingCount)),
        PricingPlan.Deserialize(reader.GetString(_pricing)),
        reader.GetBoolean(_verified),
        reader.IsDBNull(_latestVersion) ? null : reader.GetString(_latestVersion),
        reader.IsDBNull(_successRate) || reader.IsDBNull(_reliabilityCalls)
            ? null
            : new ReliabilitySummary(reader.GetInt64(_reliabilityCalls), reader.GetDouble(_successRate),
                reader.IsDBNull(_p50) ? 0 : reader.GetInt32(_p50), reader.IsDBNull(_p95) ? 0 : reader.GetInt32(_p95)));

    /// <summary>The description's opening, cut at a word boundary.</summary>
    internal static string Summarize(string description)
    {
        if (description.Length <= SummaryLength)
        {
            return description;
        }

        var cut = description.LastIndexOf(' ', SummaryLength);
        return string.Concat(description.AsSpan(0, cut > SummaryLength / 2 ? cut : SummaryLength).TrimEnd(), "…");
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

/// <summary>
/// The last ranked candidate's place in popularity order (null: every match was ranked), whether the candidates
/// were found by walking that order, the popularity floor they were found above (null: none), and whether the
/// filters imply the words (the matches were then found without the text index).
/// </summary>
internal sealed record RankedHead(PopularityKey? End, bool Walk, long? Floor, bool Implied);
