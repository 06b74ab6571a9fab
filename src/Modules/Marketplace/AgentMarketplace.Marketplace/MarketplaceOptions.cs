using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Marketplace;

internal sealed class MarketplaceOptions
{
    public const string SectionName = "Marketplace";

    /// <summary>The one ISO-4217 currency all prices are in.</summary>
    [Required, RegularExpression("^[A-Z]{3}$")] public string Currency { get; set; } = "USD";

    /// <summary>How often scheduled prices are brought into force and popularity windows slide.</summary>
    [Range(1, 86_400)] public int MaintenanceIntervalSeconds { get; set; } = 300;
}
