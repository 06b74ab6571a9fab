using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Endpoints;
using AgentMarketplace.Registry.Mcp;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Verification;
using AgentMarketplace.Registry.Versions;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry;

/// <summary>The Registry module: agents, immutable versions, declared capabilities and their verification.</summary>
public static class RegistryModule
{
    internal const string AgentHttpClient = "Registry.Agents";

    public static IServiceCollection AddRegistryModule(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModuleDatabase<RegistryDbContext>(configuration, "Registry", RegistryDbContext.Schema);
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) =>
                options.AllowPrivateEndpoints ??= environment.IsDevelopment() || environment.IsEnvironment("Testing"))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddAgentHttpClient(AgentHttpClient,
            sp => sp.GetRequiredService<IOptions<RegistryOptions>>().Value.AllowPrivateEndpoints == true,
            allowedPrivateHosts: sp => sp.GetRequiredService<IOptions<RegistryOptions>>().Value.AllowedPrivateHosts);

        services.AddSchemaLimits();
        services.AddScoped<AgentRegistry>();
        services.AddScoped<McpToolImport>();
        services.AddScoped<CapabilityVerifier>();
        services.AddScoped<DriftDetector>();
        services.AddSingleton<Reverification>();
        services.AddSingleton<IScheduledJob>(sp => sp.GetRequiredService<Reverification>());
        services.AddSingleton<CompatibilityCache>();
        services.AddSingleton<VerificationFlights>();
        services.AddSingleton<VerificationMetrics>();
        // A capability's rules depend on the version it is part of (an mcp body may leave schemas out):
        // PublishVersionRequestValidator makes them; they are not resolved on their own.
        services.AddValidatorsFromAssemblyContaining<RegistryDbContext>(
            filter: found => found.ValidatorType != typeof(CapabilityRequestValidator), includeInternalTypes: true);
        return services;
    }

    public static IEndpointRouteBuilder MapRegistryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        RegistryEndpoints.Map(endpoints);
        return endpoints;
    }
}
