using Mediator;

namespace AgentMarketplace.Marketplace.Contracts;

/// <summary>
/// Marketplace search, as `GET /api/v1/marketplace/search` answers it (the same filters, ranking and typo
/// tolerance), for callers outside the module: one page of at most <paramref name="Limit"/> results.
/// </summary>
public sealed record SearchMarketplace(
    string? Text, string? Category, string? Capability, string? PricingModel, long? MaxPriceCents, double? MinRating,
    bool? VerifiedOnly, string? Sort, int Limit, string? Tag = null, double? MinSuccessRate = null) : IQuery<MarketplaceSearchAnswer>;

/// <summary>The page, or why the query was refused (<paramref name="Problem"/>: the field and what is wrong with it).</summary>
public sealed record MarketplaceSearchAnswer(IReadOnlyList<MarketplaceSearchHit> Hits, long Total, string? Problem);

/// <summary>One published agent: what it is, its rating, its price in force and its measured success rate (null below a minimum of calls).</summary>
public sealed record MarketplaceSearchHit(
    Guid AgentId, string Slug, string Name, string Summary, IReadOnlyList<string> Categories, double? RatingAverage, int RatingCount,
    ListingPricing Pricing, bool Verified, string? LatestVersion, double? SuccessRate);
