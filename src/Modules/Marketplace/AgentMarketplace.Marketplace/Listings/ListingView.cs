using AgentMarketplace.Marketplace.Persistence;

namespace AgentMarketplace.Marketplace.Listings;

internal sealed record ScheduledPricing(DateTimeOffset EffectiveFrom, PricingPlan Pricing);

internal sealed record ListingView(
    Guid Id, Guid AgentId, string AgentSlug, string Status, PricingPlan Pricing, ScheduledPricing? NextPricing,
    IReadOnlyList<ScheduledPricing> PriceHistory, DateTimeOffset CreatedAt, DateTimeOffset? PublishedAt)
{
    public static ListingView From(Listing listing, DateTimeOffset now)
    {
        var prices = listing.Prices.OrderBy(p => p.EffectiveFrom)
            .Select(p => new ScheduledPricing(p.EffectiveFrom, PricingPlan.Deserialize(p.Pricing))).ToList();
        var inForce = prices.Last(p => p.EffectiveFrom <= now);
        return new ListingView(listing.Id, listing.AgentId, listing.AgentSlug, listing.Status, inForce.Pricing,
            prices.FirstOrDefault(p => p.EffectiveFrom > now), prices, listing.CreatedAt, listing.PublishedAt);
    }
}
