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
    /// How a text search finds its ranked candidates: Auto walks the popularity index when PostgreSQL's
    /// statistics say the words are common and visits every match otherwise; Always and Never force one
    /// way (for statistics that mislead, and for tests of both).
    /// </summary>
    public PopularityWalk PopularityWalk { get; set; } = PopularityWalk.Auto;
}

internal enum PopularityWalk
{
    Auto,
    Always,
    Never,
}
