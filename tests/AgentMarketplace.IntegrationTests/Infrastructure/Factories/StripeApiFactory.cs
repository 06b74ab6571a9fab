using AgentMarketplace.IntegrationTests.Billing;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The host with Stripe configured, its API pointed at a <see cref="StripeStub"/> of its own.</summary>
public sealed class StripeApiFactory : MarketplaceApiFactory
{
    public const string SecretKey = "sk_test_51NotARealKeyJustForTheStripeStub";
    public const string WebhookSecret = "whsec_test";

    public StripeStub Stub { get; } = StripeStub.Start();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Billing:StripeSecretKey"] = SecretKey,
        ["Billing:StripeApiBase"] = Stub.BaseUrl,
        ["Billing:StripeWebhookSecret"] = WebhookSecret,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stub.Dispose();
        }

        base.Dispose(disposing);
    }
}
