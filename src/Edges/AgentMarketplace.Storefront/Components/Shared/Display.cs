using System.Globalization;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Storefront.Components.Shared;

/// <summary>Figures as a visitor reads them: amounts, prices, rates. The API's minor units are never a float until here.</summary>
internal static class Display
{
    public static string Money(long? cents, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{(cents ?? 0) / 100m:0.00} {currency ?? ""}").TrimEnd();

    public static string Pricing(PricingPlan? pricing) => pricing?.Model.ToWire() switch
    {
        null or "" or "free" => "Free",
        "per_call" => $"{Money(pricing.UnitPriceCents, pricing.Currency)} per call",
        "per_unit" => $"{Money(pricing.UnitPriceCents, pricing.Currency)} per unit",
        "subscription" => $"{Money(pricing.MonthlyFeeCents, pricing.Currency)} a month" +
            (pricing.IncludedUnits is > 0 ? $", {pricing.IncludedUnits} units included" : ""),
        var other => other,
    };

    public static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f * 100:0.#} %") : "—";
}
