using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Marketplace.Catalog;
using AgentMarketplace.Marketplace.Persistence;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Listings;

/// <summary>The Marketplace module's facade: listings, their pricing and its history, publishing.</summary>
internal sealed class MarketplaceManager(MarketplaceDbContext db, IMediator mediator, ActivityCounter activity, TimeProvider clock)
{
    public async Task<Result<ListingView>> CreateAsync(Actor actor, CreateListingRequest request, CancellationToken ct)
    {
        var agent = await mediator.Send(new GetAgentSummary(request.AgentId!.Value), ct);
        if (agent is null || (!actor.IsAdmin && agent.OwnerId != actor.UserId))
        {
            return DomainError.NotFound("Agent");
        }

        var now = clock.GetUtcNow();
        var listing = new Listing
        {
            Id = Guid.CreateVersion7(),
            AgentId = agent.AgentId,
            OwnerId = agent.OwnerId,
            AgentSlug = agent.Slug,
            CreatedAt = now,
            UpdatedAt = now,
            Prices = [new ListingPrice { EffectiveFrom = now, Pricing = Normalized(request.Pricing!).Serialize() }],
        };
        CatalogCopy.Apply(listing, agent, now);
        ApplyPricingInForce(listing, now);
        if (await db.Ratings.AsNoTracking().FirstOrDefaultAsync(r => r.AgentId == agent.AgentId, ct) is { } rating)
        {
            listing.RatingCount = rating.Count;
            listing.RatingSum = rating.Sum;
        }

        listing.Popularity = await activity.PopularityOfAsync(agent.AgentId, ct);
        if (await db.VersionReliability.AsNoTracking().FirstOrDefaultAsync(r => r.AgentId == agent.AgentId && r.Version == agent.LatestVersion, ct) is { } figures)
        {
            (listing.ReliabilityCalls, listing.ReliabilitySuccessRate, listing.ReliabilityP50Ms, listing.ReliabilityP95Ms) =
                (figures.Calls, figures.SuccessRate, figures.P50LatencyMs, figures.P95LatencyMs);
        }

        db.Listings.Add(listing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return DomainError.Conflict("This agent already has a listing; an agent has one listing.");
        }

        return ListingView.From(listing, now);
    }

    public Task<Result<ListingView>> GetAsync(Actor? actor, Guid listingId, CancellationToken ct) =>
        VisibleAsync(actor, db.Listings.Where(l => l.Id == listingId), ct);

    /// <summary>The agent's listing (an agent has one at most), as <see cref="GetAsync"/> shows it.</summary>
    public Task<Result<ListingView>> GetOfAgentAsync(Actor? actor, Guid agentId, CancellationToken ct) =>
        VisibleAsync(actor, db.Listings.Where(l => l.AgentId == agentId), ct);

    /// <summary>A published listing to anyone; a draft or unpublished one only to its owner and admins (else 404).</summary>
    private async Task<Result<ListingView>> VisibleAsync(Actor? actor, IQueryable<Listing> query, CancellationToken ct)
    {
        var listing = await query.AsNoTracking().Include(l => l.Prices).FirstOrDefaultAsync(ct);
        var visible = listing is not null && (listing.Status == ListingStatus.Published || Manages(actor, listing));
        return visible ? ListingView.From(listing!, clock.GetUtcNow()) : DomainError.NotFound("Listing");
    }

    public async Task<Result<ListingView>> PublishAsync(Actor actor, Guid listingId, CancellationToken ct)
    {
        var listing = await FindManagedAsync(actor, listingId, ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        var agent = await mediator.Send(new GetAgentSummary(listing.AgentId), ct);
        if (agent is not { HasVerifiedVersion: true })
        {
            return DomainError.Conflict("Only an agent with a verified version can be published; verify a version first.");
        }

        var now = clock.GetUtcNow();
        listing.Status = ListingStatus.Published;
        listing.PublishedAt ??= now;
        listing.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return ListingView.From(listing, now);
    }

    /// <summary>Hides the listing at once; the owner's unpublishing and an admin's delisting alike.</summary>
    public async Task<Result<ListingView>> UnpublishAsync(Actor actor, Guid listingId, CancellationToken ct)
    {
        var listing = await FindManagedAsync(actor, listingId, ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        var now = clock.GetUtcNow();
        listing.Status = ListingStatus.Unpublished;
        listing.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return ListingView.From(listing, now);
    }

    /// <summary>
    /// A new price applies from the next billing period (the next calendar month, UTC); a later change
    /// in the same month replaces the scheduled one. Prices already in force are never rewritten.
    /// </summary>
    public async Task<Result<ListingView>> ChangePricingAsync(Actor actor, Guid listingId, PricingPlan pricing, CancellationToken ct)
    {
        var listing = await FindManagedAsync(actor, listingId, ct);
        if (listing is null)
        {
            return DomainError.NotFound("Listing");
        }

        var now = clock.GetUtcNow();
        var nextPeriod = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var scheduled = listing.Prices.FirstOrDefault(p => p.EffectiveFrom == nextPeriod);
        if (scheduled is null)
        {
            listing.Prices.Add(new ListingPrice { ListingId = listing.Id, EffectiveFrom = nextPeriod, Pricing = Normalized(pricing).Serialize() });
        }
        else
        {
            scheduled.Pricing = Normalized(pricing).Serialize();
        }

        listing.UpdatedAt = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return DomainError.Conflict("Another pricing change for this listing was saved at the same moment; read the listing and retry.");
        }

        return ListingView.From(listing, now);
    }

    /// <summary>
    /// Brings listings whose scheduled price has come into force up to date (search sorts and filters by
    /// the price in force). Run by the maintenance job; returns how many listings changed.
    /// </summary>
    public async Task<int> ApplyScheduledPricingAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.Listings.Include(l => l.Prices)
            .Where(l => l.Prices.Any(p => p.EffectiveFrom <= now && p.EffectiveFrom > l.PricingFrom))
            .ToListAsync(ct);
        due.ForEach(listing => ApplyPricingInForce(listing, now));
        await db.SaveChangesAsync(ct);
        return due.Count;
    }

    /// <summary>
    /// Fills the catalog fields of listings that have never had them (listed before search existed),
    /// asking the Registry. Run by the maintenance job; returns how many listings it filled.
    /// </summary>
    public async Task<int> FillMissingCatalogAsync(CancellationToken ct)
    {
        var missing = await db.Listings.Where(l => l.CatalogChangedAt == default).Take(100).ToListAsync(ct);
        var now = clock.GetUtcNow();
        foreach (var listing in missing)
        {
            if (await mediator.Send(new GetAgentSummary(listing.AgentId), ct) is { } agent)
            {
                CatalogCopy.Apply(listing, agent, now);
            }
        }

        await db.SaveChangesAsync(ct);
        return missing.Count;
    }

    private static void ApplyPricingInForce(Listing listing, DateTimeOffset now)
    {
        var inForce = listing.Prices.Where(p => p.EffectiveFrom <= now).MaxBy(p => p.EffectiveFrom)!;
        var plan = PricingPlan.Deserialize(inForce.Pricing);
        listing.Pricing = inForce.Pricing;
        listing.PricingModel = plan.Model;
        listing.PriceCents = plan.HeadlineCents;
        listing.PricingFrom = inForce.EffectiveFrom;
    }

    private async Task<Listing?> FindManagedAsync(Actor actor, Guid listingId, CancellationToken ct)
    {
        var listing = await db.Listings.Include(l => l.Prices).FirstOrDefaultAsync(l => l.Id == listingId, ct);
        return listing is not null && Manages(actor, listing) ? listing : null;
    }

    private static bool Manages(Actor? actor, Listing listing) => actor?.MayManage(listing.OwnerId) == true;

    private static PricingPlan Normalized(PricingPlan pricing) => pricing with { Currency = pricing.Currency.ToUpperInvariant() };
}
