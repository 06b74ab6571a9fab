using AgentMarketplace.Marketplace.Listings;

namespace AgentMarketplace.Marketplace.Search;

internal sealed record RatingSummary(double? Average, int Count);

/// <summary>The latest version's reliability over the last 7 days (see Deployment's ReliabilityFigures).</summary>
internal sealed record ReliabilitySummary(long Calls, double SuccessRate, int P50LatencyMs, int P95LatencyMs, string Window = "7d");

internal sealed record SearchItem(
    Guid AgentId, Guid ListingId, string Slug, string Name, string Summary, IReadOnlyList<string> Categories,
    RatingSummary Rating, PricingPlan Pricing, bool Verified, string? LatestVersion, ReliabilitySummary? Reliability);

/// <summary>A page of search results.</summary>
/// <remarks>
/// Total: every match, counted up to a limit (text: <see cref="MarketplaceOptions.RankedMatches"/>, otherwise
/// <see cref="MarketplaceOptions.CountedMatches"/>); past it, the limit as a lower bound, and TotalExact is false.
/// </remarks>
internal sealed record SearchResults(IReadOnlyList<SearchItem> Items, string? NextCursor, long Total, bool TotalExact);
