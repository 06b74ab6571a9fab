namespace AgentMarketplace.Marketplace.Contracts;

/// <summary>How a listing charges (<see cref="ListingPricing.Model"/>, search's `pricingModel=`).</summary>
public static class PricingModels
{
    public const string Free = "free";
    public const string PerCall = "per_call";
    public const string PerUnit = "per_unit";
    public const string Subscription = "subscription";

    public static readonly IReadOnlyList<string> All = [Free, PerCall, PerUnit, Subscription];
}
