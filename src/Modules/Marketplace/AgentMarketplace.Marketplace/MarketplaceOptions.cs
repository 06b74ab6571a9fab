using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Marketplace;

internal sealed class MarketplaceOptions
{
    public const string SectionName = "Marketplace";

    /// <summary>The one ISO-4217 currency all prices are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")] public string Currency { get; set; } = "USD";
}
