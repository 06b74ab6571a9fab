using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Marketplace.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Marketplace;

/// <summary>The Marketplace module. Its schema and migration path exist; its routes arrive with its issue.</summary>
public static class MarketplaceModule
{
    public static IServiceCollection AddMarketplaceModule(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleDatabase<MarketplaceDbContext>(configuration, "Marketplace", MarketplaceDbContext.Schema);

    public static IEndpointRouteBuilder MapMarketplaceEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
