using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Marketplace.Contracts;
using FluentValidation;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>The query string of `GET /api/v1/marketplace/search`.</summary>
internal sealed record SearchQuery(
    string? Q, string? Category, string? Tag, string? Capability, string? PricingModel, long? MaxPriceCents,
    double? MinRating, bool? VerifiedOnly, string? Sort, int? Limit, string? Cursor, double? MinSuccessRate = null)
{
    public const int MaxQueryLength = 200;

    /// <summary>The order of the results; the OpenAPI document lists the values.</summary>
    [OneOf(typeof(SearchSorts))]
    public string? Sort { get; init; } = Sort;

    [OneOf(typeof(PricingModels))]
    public string? PricingModel { get; init; } = PricingModel;

    public string EffectiveSort => string.IsNullOrEmpty(Sort) ? SearchSorts.Relevance : Sort;
}

internal sealed class SearchQueryValidator : AbstractValidator<SearchQuery>
{
    public SearchQueryValidator()
    {
        RuleFor(q => q.Q).MaximumLength(SearchQuery.MaxQueryLength);
        RuleFor(q => q.Category).MaximumLength(64);
        RuleFor(q => q.Tag).MaximumLength(64);
        RuleFor(q => q.Capability).MaximumLength(64);
        RuleFor(q => q.PricingModel).Must(m => m is null || PricingModels.All.Contains(m))
            .WithMessage($"'pricingModel' must be one of: {string.Join(", ", PricingModels.All)}.");
        RuleFor(q => q.MaxPriceCents).GreaterThanOrEqualTo(0);
        RuleFor(q => q.MinRating).InclusiveBetween(0, 5);
        RuleFor(q => q.MinSuccessRate).InclusiveBetween(0, 1).WithMessage("'minSuccessRate' must be between 0 and 1 (a share of calls, e.g. 0.99).");
        RuleFor(q => q.Sort).Must(s => string.IsNullOrEmpty(s) || SearchSorts.All.Contains(s))
            .WithMessage($"'sort' must be one of: {string.Join(", ", SearchSorts.All)}.");
        RuleFor(q => q.Limit).InclusiveBetween(1, PageRequest.MaxLimit);
        RuleFor(q => q.Cursor).MaximumLength(400);
    }
}
