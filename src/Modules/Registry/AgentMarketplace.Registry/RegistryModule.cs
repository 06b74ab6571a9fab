using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Registry.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Registry;

/// <summary>The Registry module. Its schema and migration path exist; its routes arrive with its issue.</summary>
public static class RegistryModule
{
    public static IServiceCollection AddRegistryModule(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleDatabase<RegistryDbContext>(configuration, "Registry", RegistryDbContext.Schema);

    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
