using Mediator;

namespace AgentMarketplace.Marketplace.Contracts;

/// <summary>What the marketplace says of each agent: its listing's state, rating and pricing. Agents without a listing are absent.</summary>
public sealed record GetListingFacts(IReadOnlyList<Guid> AgentIds) : IQuery<IReadOnlyList<ListingFacts>>;

/// <summary>
/// <paramref name="Published"/>: shown in marketplace search. The rating counts reviews from verified use
/// (null average without any); the pricing is the plan in force now, in integer minor units of its currency.
/// </summary>
public sealed record ListingFacts(Guid AgentId, bool Published, double? RatingAverage, int RatingCount, ListingPricing Pricing);

public sealed record ListingPricing(
    string Model, string Currency, long? UnitPriceCents, long? MonthlyFeeCents, long? IncludedUnits, IReadOnlyList<PriceTierTerms>? Tiers);
