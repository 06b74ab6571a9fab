using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Deployment;

/// <summary>The Deployment module. Its schema and migration path exist; its routes arrive with its issue.</summary>
public static class DeploymentModule
{
    public static IServiceCollection AddDeploymentModule(this IServiceCollection services, IConfiguration configuration) =>
        services.AddModuleDatabase<DeploymentDbContext>(configuration, "Deployment", DeploymentDbContext.Schema);

    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
