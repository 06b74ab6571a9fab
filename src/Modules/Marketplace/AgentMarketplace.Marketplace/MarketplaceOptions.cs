using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Marketplace;

internal sealed class MarketplaceOptions
{
    public const string SectionName = "Marketplace";

    /// <summary>The one ISO-4217 currency all prices are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")] public string Currency { get; set; } = "USD";

    /// <summary>How often scheduled prices are brought into force and popularity windows slide.</summary>
    [Range(1, 86_400)] public int MaintenanceIntervalSeconds { get; set; } = 300;

    /// <summary>
    /// How many matches of a text search relevance ranks (the most popular ones; the rest follow by
    /// popularity), and how far a text search counts its total.
    /// </summary>
    [Range(1, 100_000)] public int RankedMatches { get; set; } = 1_000;

    /// <summary>
    /// How far a search without text counts its total; past it, the total says "at least this many".
    /// Counting is the one part of such a search whose cost grows with the catalogue.
    /// </summary>
    [Range(1, 10_000_000)] public int CountedMatches { get; set; } = 10_000;

    /// <summary>
    /// How relevance finds its candidates (<see cref="CandidateSearch"/>): Auto chooses by PostgreSQL's
    /// statistics; the others force one way, for statistics that mislead and for tests of each.
    /// </summary>
    public CandidateSearch CandidateSearch { get; set; } = CandidateSearch.Auto;

    /// <summary>
    /// How many times the matches relevance ranks a popularity floor should keep by the statistics' estimate,
    /// for words whose matches are not spread over popularity as the catalogue is. A floor that keeps too
    /// few costs a second query, never a result.
    /// </summary>
    [Range(0.1, 1_000)] public double PopularityFloorMargin { get; set; } = 2;
}

/// <summary>How relevance finds the most popular matches it ranks (docs/adr/0003-search-ranking.md).</summary>
internal enum CandidateSearch
{
    /// <summary>The cheapest of the three by PostgreSQL's statistics.</summary>
    Auto,

    /// <summary>Walk the popularity index and test each document until enough match: for words most documents have.</summary>
    Walk,

    /// <summary>
    /// Read the matches at or above a popularity floor, found by ANDing the text index with a range of the
    /// popularity index (<see cref="Search.PopularityDistribution"/>); every match when no floor fits.
    /// </summary>
    Floor,

    /// <summary>Read every match through the text index.</summary>
    Visit,
}
