using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Billing.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Billing;

/// <summary>The Billing module. Its schema and migration path exist; its routes arrive with its issue.</summary>
public static class BillingModule
{
    public static IServiceCollection AddBillingModule(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleDatabase<BillingDbContext>(configuration, "Billing", BillingDbContext.Schema);

    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
