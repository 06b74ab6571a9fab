using System.Text.Json;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Marketplace.Contracts;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Marketplace.Listings;

/// <summary>A graduated tier: units up to <see cref="UpTo"/> (inclusive; null = no limit) at this unit price.</summary>
internal sealed record PriceTier(long? UpTo, long UnitPriceCents);

/// <summary>
/// How a listing charges, in integer minor units of one currency. `free`; `per_call` (unitPriceCents per
/// invocation); `per_unit` (unitPriceCents per reported unit, or graduated tiers); `subscription`
/// (monthlyFeeCents including includedUnits, then unitPriceCents per unit beyond).
/// </summary>
internal sealed record PricingPlan(
    [property: OneOf(typeof(PricingModels))] string Model, string Currency, long? UnitPriceCents, long? MonthlyFeeCents, long? IncludedUnits, IReadOnlyList<PriceTier>? Tiers)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The one number search sorts and filters by: a free plan 0, per_call its call price, per_unit
    /// its unit price (the first tier's when graduated), subscription its monthly fee.
    /// </summary>
    public long HeadlineCents => Model switch
    {
        PricingModels.PerCall => UnitPriceCents ?? 0,
        PricingModels.PerUnit => UnitPriceCents ?? Tiers?.FirstOrDefault()?.UnitPriceCents ?? 0,
        PricingModels.Subscription => MonthlyFeeCents ?? 0,
        _ => 0,
    };

    public static PricingPlan Deserialize(string json) => JsonSerializer.Deserialize<PricingPlan>(json, Json)!;

    /// <summary>The plan as other modules read it (Marketplace.Contracts).</summary>
    public ListingPricing ToContract() => new(Model, Currency, UnitPriceCents, MonthlyFeeCents, IncludedUnits,
        Tiers?.Select(t => new PriceTierTerms(t.UpTo, t.UnitPriceCents)).ToList());
}

internal sealed class PricingPlanValidator : AbstractValidator<PricingPlan>
{
    public const long MaxCents = 100_000_000_00; // a hundred million in major units: far beyond any real price

    public PricingPlanValidator(IOptions<MarketplaceOptions> options)
    {
        var currency = options.Value.Currency;
        RuleFor(p => p.Model).NotEmpty()
            .Must(m => m is null || PricingModels.All.Contains(m))
            .WithMessage($"'model' must be one of: {string.Join(", ", PricingModels.All)}.");
        RuleFor(p => p.Currency).NotEmpty()
            .Must(c => c is null || string.Equals(c, currency, StringComparison.OrdinalIgnoreCase))
            .WithMessage($"'currency' must be {currency}, the platform's currency.");
        RuleFor(p => p.UnitPriceCents).InclusiveBetween(0, MaxCents);
        RuleFor(p => p.MonthlyFeeCents).InclusiveBetween(0, MaxCents);
        RuleFor(p => p.IncludedUnits).GreaterThanOrEqualTo(0);

        When(p => p.Model == PricingModels.Free, () =>
        {
            RuleFor(p => p.UnitPriceCents).Must(v => v is null or 0).WithMessage("A free plan has no prices.");
            RuleFor(p => p.MonthlyFeeCents).Must(v => v is null or 0).WithMessage("A free plan has no prices.");
        });
        When(p => p.Model == PricingModels.PerCall, () =>
            RuleFor(p => p.UnitPriceCents).NotNull().WithMessage("'unitPriceCents' is required for per_call."));
        When(p => p.Model == PricingModels.PerUnit, () =>
        {
            RuleFor(p => p).Must(p => (p.UnitPriceCents is null) != (p.Tiers is null or { Count: 0 }))
                .WithName("unitPriceCents").WithMessage("per_unit needs either 'unitPriceCents' or 'tiers', not both.");
            RuleFor(p => p.Tiers).Must(TiersAscend!).When(p => p.Tiers is { Count: > 0 })
                .WithMessage("'tiers' must have ascending positive upTo values, only the last one open (null), and prices of 0 or more.");
        });
        When(p => p.Model == PricingModels.Subscription, () =>
        {
            RuleFor(p => p.MonthlyFeeCents).NotNull().WithMessage("'monthlyFeeCents' is required for subscription.");
            RuleFor(p => p.IncludedUnits).NotNull().WithMessage("'includedUnits' is required for subscription.");
            RuleFor(p => p.UnitPriceCents).NotNull().WithMessage("'unitPriceCents' (the price per unit beyond includedUnits) is required for subscription.");
        });
        RuleFor(p => p.Tiers).Must(t => t is null or { Count: 0 }).When(p => p.Model != PricingModels.PerUnit)
            .WithMessage("'tiers' apply to per_unit plans only.");
    }

    private static bool TiersAscend(IReadOnlyList<PriceTier> tiers)
    {
        long previous = 0;
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            if (tier is null || tier.UnitPriceCents is < 0 or > MaxCents)
            {
                return false;
            }

            var last = i == tiers.Count - 1;
            if (tier.UpTo is null)
            {
                if (!last)
                {
                    return false;
                }
            }
            else if (tier.UpTo <= previous)
            {
                return false;
            }
            else
            {
                previous = tier.UpTo.Value;
            }
        }

        return true;
    }
}
