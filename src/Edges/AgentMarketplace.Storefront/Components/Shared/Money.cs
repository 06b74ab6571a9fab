using System.Globalization;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated.Models;

namespace AgentMarketplace.Storefront.Components.Shared;

/// <summary>Amounts and prices as a visitor reads them; the API's minor units are never a float until here.</summary>
internal static class Money
{
    public static string Format(long? cents, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{(cents ?? 0) / 100m:0.00} {currency ?? ""}").TrimEnd();

    public static string Describe(PricingPlan? pricing) => pricing?.Model.ToWire() switch
    {
        null or "" or "free" => "Free",
        "per_call" => $"{Format(pricing.UnitPriceCents, pricing.Currency)} per call",
        "per_unit" => $"{Format(pricing.UnitPriceCents, pricing.Currency)} per unit",
        "subscription" => $"{Format(pricing.MonthlyFeeCents, pricing.Currency)} a month" +
            (pricing.IncludedUnits is > 0 ? $", {pricing.IncludedUnits} units included" : ""),
        var other => other,
    };

    public static string Percent(double? fraction) =>
        fraction is { } f ? string.Create(CultureInfo.InvariantCulture, $"{f * 100:0.#} %") : "—";
}
