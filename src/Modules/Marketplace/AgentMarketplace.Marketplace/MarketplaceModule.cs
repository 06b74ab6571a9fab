using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Marketplace.Endpoints;
using AgentMarketplace.Marketplace.Listings;
using AgentMarketplace.Marketplace.Persistence;
using AgentMarketplace.Marketplace.Reviews;
using AgentMarketplace.Marketplace.Search;
using AgentMarketplace.Marketplace.Statistics;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Marketplace;

/// <summary>The Marketplace module: listings and their pricing, search, ratings and reviews, statistics.</summary>
public static class MarketplaceModule
{
    public static IServiceCollection AddMarketplaceModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<MarketplaceDbContext>(configuration, "Marketplace", MarketplaceDbContext.Schema);
        services.AddOptions<MarketplaceOptions>().BindConfiguration(MarketplaceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<MarketplaceManager>();
        services.AddScoped<ListingSearch>();
        services.AddSingleton<PopularityStatistics>();
        services.AddScoped<ReviewBook>();
        services.AddScoped<AgentStatistics>();
        services.AddScoped<ActivityCounter>();
        services.AddScoped<ReliabilityCopy>();
        services.AddSingleton<MarketplaceMaintenance>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<MarketplaceMaintenance>());
        services.AddValidatorsFromAssemblyContaining<MarketplaceDbContext>(includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        MarketplaceEndpoints.Map(endpoints);
        return endpoints;
    }
}
