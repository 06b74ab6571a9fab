using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Listings;

internal sealed class GetPriceSchedulesHandler(MarketplaceDbContext db) : IQueryHandler<GetPriceSchedules, IReadOnlyList<PriceSchedule>>
{
    public async ValueTask<IReadOnlyList<PriceSchedule>> Handle(GetPriceSchedules query, CancellationToken cancellationToken)
    {
        var agentIds = query.AgentIds.Distinct().ToList();
        var listings = await db.Listings.AsNoTracking().Include(l => l.Prices)
            .Where(l => agentIds.Contains(l.AgentId))
            .ToListAsync(cancellationToken);
        return listings.Select(listing =>
        {
            var ordered = listing.Prices.OrderBy(p => p.EffectiveFrom).ToList();
            var startIndex = Math.Max(0, ordered.FindLastIndex(p => p.EffectiveFrom <= query.From));
            var inRange = ordered.Skip(startIndex).Where(p => p.EffectiveFrom < query.To).Select(p => ToTerms(p)).ToList();
            return new PriceSchedule(listing.AgentId, listing.OwnerId, listing.Name, inRange);
        }).Where(s => s.Prices.Count > 0).ToList();
    }

    private static PricePeriod ToTerms(ListingPrice price)
    {
        var plan = PricingPlan.Deserialize(price.Pricing);
        return new PricePeriod(price.EffectiveFrom, plan.Model, plan.Currency, plan.UnitPriceCents, plan.MonthlyFeeCents, plan.IncludedUnits,
            plan.Tiers?.Select(t => new PriceTierTerms(t.UpTo, t.UnitPriceCents)).ToList());
    }
}
