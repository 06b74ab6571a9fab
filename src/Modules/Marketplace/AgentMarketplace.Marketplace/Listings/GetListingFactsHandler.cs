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
            .Select(row => new ListingFacts(row.Listing.AgentId, row.Listing.Status == ListingStatus.Published,
                row.Listing.RatingAverage, row.Listing.RatingCount, row.Plan.ToContract()))
            .ToList();
    }
}
