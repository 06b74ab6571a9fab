using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Deployment.Deployments;
using AgentMarketplace.Deployment.Endpoints;
using AgentMarketplace.Deployment.Gateway;
using AgentMarketplace.Deployment.Monitoring;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Deployment.Runtimes;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment;

/// <summary>The Deployment module: deployments, revisions, runtimes and the invocation gateway.</summary>
public static class DeploymentModule
{
    internal const string AgentHttpClient = "Deployment.Agents";

    public static IServiceCollection AddDeploymentModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<DeploymentDbContext>(configuration, "Deployment", DeploymentDbContext.Schema);
        services.AddOptions<DeploymentOptions>().BindConfiguration(DeploymentOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.AllowPrivateEndpoints ??= environment.IsDevelopment() || environment.IsEnvironment("Testing"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAgentHttpClient(AgentHttpClient,
            sp => sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.AllowPrivateEndpoints == true,
            sp => sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.CircuitBreaker,
            sp => sp.GetRequiredService<IOptions<DeploymentOptions>>().Value.AllowedPrivateHosts);
        services.AddSchemaLimits();
        services.AddScoped<IDeploymentRuntime, RemoteRuntime>();
        services.AddSingleton<DeploymentConfig>();
        services.AddSingleton<RequestRateLimiter>();
        services.AddSingleton<CallPrices>();
        services.AddCacheInvalidation();
        services.AddSingleton<LiveRoutes>();
        services.AddScoped<DeploymentManager>();
        services.AddScoped<InvocationGateway>();
        services.AddScoped<DeploymentMonitor>();
        services.AddSingleton<DeploymentMetrics>();
        services.AddSingleton<GroupCommitter>();
        services.AddHostedService(sp => sp.GetRequiredService<GroupCommitter>());
        services.AddSingleton<HealthProber>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<HealthProber>());
        services.AddSingleton<IScheduledJob, InvocationCleanup>();
        services.AddScoped<ReliabilityBook>();
        services.AddSingleton<IScheduledJob, ReliabilityRefresh>();
        services.AddSingleton<AutoUpdater>();
        services.AddHostedService(sp => sp.GetRequiredService<AutoUpdater>());
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<AutoUpdater>());
        services.AddValidatorsFromAssemblyContaining<DeploymentDbContext>(includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        DeploymentEndpoints.Map(endpoints);
        return endpoints;
    }
}
