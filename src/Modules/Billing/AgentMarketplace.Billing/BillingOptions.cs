using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Billing;

internal sealed class BillingOptions
{
    public const string SectionName = "Billing";

    /// <summary>The one ISO-4217 currency invoices are in (the marketplace's prices are in it too).</summary>
    [Required, RegularExpression("^[A-Z]{3}$")] public string Currency { get; set; } = "USD";

    /// <summary>The platform's share of each paid line, in basis points (2000 = 20%).</summary>
    [Range(0, 10_000)] public int PlatformFeeBasisPoints { get; set; } = 2000;

    /// <summary>Stripe's secret key; without one, the built-in test payment provider is used.</summary>
    public string? StripeSecretKey { get; set; }

    /// <summary>The signing secret of the Stripe webhook endpoint (whsec_…).</summary>
    public string? StripeWebhookSecret { get; set; }

    /// <summary>Where the Stripe client sends requests; only tests point it elsewhere.</summary>
    public string? StripeApiBase { get; set; }

    /// <summary>Close each calendar month automatically (a billing run shortly after it ends).</summary>
    public bool ScheduledRuns { get; set; } = true;

    /// <summary>The most units one reported usage event may carry (`POST /api/v1/usage` and its batch).</summary>
    [Range(1, 1_000_000_000)] public long MaxUnitsPerEvent { get; set; } = 1_000_000;

    /// <summary>
    /// How long a payment may stay processing before the provider is asked how it ended (a charge whose
    /// answer was lost, or a webhook that never came); asked again as often while it is still processing.
    /// </summary>
    [Range(1, 10_080)] public int ReconcilePaymentsAfterMinutes { get; set; } = 15;

    /// <summary>How long Idempotency-Key answers are kept (at least a day).</summary>
    [Range(24, 24 * 90)] public int IdempotencyKeyHours { get; set; } = 48;
}
