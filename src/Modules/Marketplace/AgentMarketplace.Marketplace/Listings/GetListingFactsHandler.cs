using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Listings;

internal sealed class GetListingFactsHandler(MarketplaceDbContext db) : IQueryHandler<GetListingFacts, IReadOnlyList<ListingFacts>>
{
    public async ValueTask<IReadOnlyList<ListingFacts>> Handle(GetListingFacts query, CancellationToken cancellationToken)
    {
        var agentIds = query.AgentIds.Distinct().ToList();
        if (agentIds.Count == 0)
        {
            return [];
        }

        var listings = await db.Listings.AsNoTracking()
            .Where(l => agentIds.Contains(l.AgentId))
            .Select(l => new { l.AgentId, l.Status, l.RatingAverage, l.RatingCount, l.Pricing })
            .ToListAsync(cancellationToken);
        return listings.Select(l => (Listing: l, Plan: PricingPlan.Deserialize(l.Pricing)))
            // A listing always has a plan in force; a row without one would be mid-creation.
            .Where(l => l.Plan.Model is not null)
            .Select(row =>
        {
            var (l, plan) = row;
            return new ListingFacts(l.AgentId, l.Status == ListingStatus.Published, l.RatingAverage, l.RatingCount,
                new ListingPricing(plan.Model, plan.Currency, plan.UnitPriceCents, plan.MonthlyFeeCents, plan.IncludedUnits,
                    plan.Tiers?.Select(t => new PriceTierTerms(t.UpTo, t.UnitPriceCents)).ToList()));
        }).ToList();
    }
}
