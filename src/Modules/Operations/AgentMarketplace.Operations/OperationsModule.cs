using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Operations.Analytics;
using AgentMarketplace.Operations.Endpoints;
using AgentMarketplace.Operations.Errors;
using AgentMarketplace.Operations.Persistence;
using AgentMarketplace.Operations.Scheduling;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Operations;

/// <summary>The Operations module: what admins need to run the platform — error reports, analytics from daily roll-ups, and the one scheduler every module's periodic jobs run on.</summary>
public static class OperationsModule
{
    public static IServiceCollection AddOperationsModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<OperationsDbContext>(configuration, "Operations", OperationsDbContext.Schema);
        services.AddScoped<ErrorLog>();
        services.AddScoped<AnalyticsReports>();
        services.AddSingleton<IScheduledJob, ErrorCleanup>();
        services.AddSingleton<JobScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<JobScheduler>());
        return services;
    }

    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        OperationsEndpoints.Map(endpoints);
        return endpoints;
    }
}
