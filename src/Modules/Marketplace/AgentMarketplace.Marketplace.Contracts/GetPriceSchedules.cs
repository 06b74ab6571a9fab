using Mediator;

namespace AgentMarketplace.Marketplace.Contracts;

/// <summary>
/// The prices in force for each agent between <paramref name="From"/> and <paramref name="To"/>: the
/// plan in force at <paramref name="From"/> and every plan that took effect before <paramref name="To"/>.
/// Agents without a listing are absent (their usage is not charged).
/// </summary>
public sealed record GetPriceSchedules(IReadOnlyList<Guid> AgentIds, DateTimeOffset From, DateTimeOffset To) : IQuery<IReadOnlyList<PriceSchedule>>;

/// <summary>An agent's pricing over time, oldest first, and who is paid for it.</summary>
public sealed record PriceSchedule(Guid AgentId, Guid PublisherId, string AgentName, IReadOnlyList<PricePeriod> Prices);

/// <summary>A plan in force from <paramref name="EffectiveFrom"/> until the next one (integer minor units of <paramref name="Currency"/>).</summary>
public sealed record PricePeriod(
    DateTimeOffset EffectiveFrom, string Model, string Currency, long? UnitPriceCents, long? MonthlyFeeCents, long? IncludedUnits,
    IReadOnlyList<PriceTierTerms>? Tiers);

/// <summary>Units up to <paramref name="UpTo"/> (inclusive, cumulative over the period; null = no limit) at this unit price.</summary>
public sealed record PriceTierTerms(long? UpTo, long UnitPriceCents);
