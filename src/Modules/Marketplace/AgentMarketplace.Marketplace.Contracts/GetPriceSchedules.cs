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

/// <summary>
/// A plan in force from <paramref name="EffectiveFrom"/> until the next one (integer minor units of
/// <paramref name="Currency"/>), and what one call costs under it, for spend limits. Arithmetic is
/// checked: an absurd amount throws <see cref="OverflowException"/> for its own call alone.
/// </summary>
public sealed record PricePeriod(
    DateTimeOffset EffectiveFrom, string Model, string Currency, long? UnitPriceCents, long? MonthlyFeeCents, long? IncludedUnits,
    IReadOnlyList<PriceTierTerms>? Tiers)
{
    public bool IsSubscription => Model == PricingModels.Subscription;

    /// <summary>Whether the units a call brings change what it costs (so they are capped at what was reserved).</summary>
    public bool PricesUnits => Model is PricingModels.PerUnit or PricingModels.Subscription;

    /// <summary>The most one unit can cost: the unit price, or a graduated plan's highest tier (tiers can only bill less).</summary>
    public long MaxUnitPriceCents => Model switch
    {
        PricingModels.PerUnit => Math.Max(UnitPriceCents ?? 0, Tiers?.Max(t => (long?)t.UnitPriceCents) ?? 0),
        PricingModels.Subscription => UnitPriceCents ?? 0,
        _ => 0,
    };

    /// <summary>
    /// What a call bringing <paramref name="units"/> costs at most, when that is known in advance: per
    /// call its price, per unit its units at <see cref="MaxUnitPriceCents"/>. A subscription's depends on
    /// the month so far (the fee with the month's first call, then units past those included): 0 here.
    /// </summary>
    public long KnownCostCents(long units) => Model switch
    {
        PricingModels.PerCall => UnitPriceCents ?? 0,
        PricingModels.PerUnit => checked(units * MaxUnitPriceCents),
        _ => 0,
    };

    /// <summary>The most a call bringing at most <paramref name="maxUnits"/> can cost: what is reserved before it runs.</summary>
    public long MaxCostCents(long maxUnits, bool feeDue) => IsSubscription
        ? checked((feeDue ? MonthlyFeeCents ?? 0 : 0) + maxUnits * MaxUnitPriceCents)
        : KnownCostCents(maxUnits);
}

/// <summary>Units up to <paramref name="UpTo"/> (inclusive, cumulative over the period; null = no limit) at this unit price.</summary>
public sealed record PriceTierTerms(long? UpTo, long UnitPriceCents);
