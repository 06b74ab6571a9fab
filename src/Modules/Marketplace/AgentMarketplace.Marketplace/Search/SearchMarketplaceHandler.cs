using AgentMarketplace.Marketplace.Contracts;
using FluentValidation;
using Mediator;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>Answers <see cref="SearchMarketplace"/> with the search route's own validation and <see cref="ListingSearch"/>.</summary>
internal sealed class SearchMarketplaceHandler(ListingSearch search, IValidator<SearchQuery> validator)
    : IQueryHandler<SearchMarketplace, MarketplaceSearchAnswer>
{
    public async ValueTask<MarketplaceSearchAnswer> Handle(SearchMarketplace query, CancellationToken cancellationToken)
    {
        var searchQuery = new SearchQuery(query.Text, query.Category, query.Tag, query.Capability, query.PricingModel, query.MaxPriceCents,
            query.MinRating, query.VerifiedOnly, query.Sort, query.Limit, null, query.MinSuccessRate);
        var validation = await validator.ValidateAsync(searchQuery, cancellationToken);
        if (!validation.IsValid)
        {
            return new MarketplaceSearchAnswer([], 0, string.Join(" ", validation.Errors.Select(e => e.ErrorMessage)));
        }

        var found = await search.SearchAsync(searchQuery, cancellationToken);
        if (!found.IsSuccess)
        {
            return new MarketplaceSearchAnswer([], 0, found.Error!.Detail);
        }

        var hits = found.Value.Items.Select(item => new MarketplaceSearchHit(
                item.AgentId, item.Slug, item.Name, item.Summary, item.Categories, item.Rating.Average, item.Rating.Count,
                item.Pricing.ToContract(),
                item.Verified, item.LatestVersion, item.Reliability?.SuccessRate))
            .ToList();
        return new MarketplaceSearchAnswer(hits, found.Value.Total, null);
    }
}
