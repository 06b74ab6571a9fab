using AgentMarketplace.Billing.Endpoints;
using AgentMarketplace.Billing.Idempotency;
using AgentMarketplace.Billing.Invoices;
using AgentMarketplace.Billing.Ledger;
using AgentMarketplace.Billing.Payments;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.Billing.Usage;
using AgentMarketplace.BuildingBlocks.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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
        services.AddScoped<BillingSystem>();
        services.AddScoped<InvoicePayments>();
        services.AddScoped<IdempotentRequests>();
        services.AddScoped<Earnings>();
        services.AddSingleton<IPaymentProvider, TestPaymentProvider>();
        services.AddSingleton<BillingScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<BillingScheduler>());
        services.AddValidatorsFromAssemblyContaining<BillingDbContext>(includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        BillingEndpoints.Map(endpoints);
        return endpoints;
    }
}
