using AgentMarketplace.Billing.Endpoints;
using AgentMarketplace.Billing.Idempotency;
using AgentMarketplace.Billing.Invoices;
using AgentMarketplace.Billing.Ledger;
using AgentMarketplace.Billing.Payments;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.Billing.Usage;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Stripe;

namespace AgentMarketplace.Billing;

/// <summary>The Billing module: usage, pricing, billing runs and invoices, payments, the revenue-share ledger.</summary>
public static class BillingModule
{
    public static IServiceCollection AddBillingModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<BillingDbContext>(configuration, "Billing", BillingDbContext.Schema);
        services.AddOptions<BillingOptions>().BindConfiguration(BillingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BillingMetrics>();
        services.AddScoped<UsagePricing>();
        services.AddScoped<UsageTracker>();
        services.AddScoped<ReportedSpend>();
        services.AddScoped<UsageBatches>();
        services.AddScoped<BillingSystem>();
        services.AddScoped<InvoicePayments>();
        services.AddScoped<IdempotentRequests>();
        services.AddScoped<Earnings>();
        services.AddScoped<StripeWebhooks>();
        services.AddStripe();
        services.AddSingleton<BillingScheduler>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<BillingScheduler>());
        services.AddSingleton<IScheduledJob, PaymentReconciliation>();
        services.AddValidatorsFromAssemblyContaining<BillingDbContext>(includeInternalTypes: true);
        return services;
    }

    /// <summary>
    /// Stripe when a secret key is configured, otherwise the built-in test provider. Chosen when first
    /// resolved, so every configuration source the host ends up with is seen.
    /// </summary>
    private static void AddStripe(this IServiceCollection services)
    {
        services.AddHttpClient(StripePaymentProvider.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30))
            // The client lives as long as the StripeClient (a singleton): recycling connections is what
            // lets it follow DNS changes, as the factory's handler rotation would for short-lived clients.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<IStripeClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BillingOptions>>().Value;
            // Stripe.net retries network faults and 5xx itself, reusing the request's idempotency key.
            var http = new SystemNetHttpClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(StripePaymentProvider.HttpClientName),
                maxNetworkRetries: 2);
            return string.IsNullOrEmpty(options.StripeApiBase)
                ? new StripeClient(options.StripeSecretKey, httpClient: http)
                : new StripeClient(options.StripeSecretKey, httpClient: http, apiBase: options.StripeApiBase.TrimEnd('/'));
        });
        services.AddSingleton<IPaymentProvider>(sp =>
            string.IsNullOrEmpty(sp.GetRequiredService<IOptions<BillingOptions>>().Value.StripeSecretKey)
                ? new TestPaymentProvider()
                : ActivatorUtilities.CreateInstance<StripePaymentProvider>(sp));
    }

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        BillingEndpoints.Map(endpoints);
        return endpoints;
    }
}
