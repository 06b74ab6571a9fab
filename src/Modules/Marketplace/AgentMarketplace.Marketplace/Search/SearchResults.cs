using AgentMarketplace.Marketplace.Listings;

namespace AgentMarketplace.Marketplace.Search;

internal sealed record RatingSummary(double? Average, int Count);

internal sealed record SearchItem(
    Guid AgentId, Guid ListingId, string Slug, string Name, string Summary, IReadOnlyList<string> Categories,
    RatingSummary Rating, PricingPlan Pricing, bool Verified, string? LatestVersion);

internal sealed record SearchResults(IReadOnlyList<SearchItem> Items, string? NextCursor, long Total);
