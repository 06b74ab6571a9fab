using AgentMarketplace.Billing;
using AgentMarketplace.Deployment;
using AgentMarketplace.Marketplace;
using AgentMarketplace.McpEdge;
using AgentMarketplace.Operations;
using AgentMarketplace.Registry;
using AgentMarketplace.Storefront;
using AgentMarketplace.Users;

namespace AgentMarketplace.Api;

/// <summary>
/// The one place the host knows its modules and edges. Adding a module is a line in each method; an edge
/// (which translates an outside protocol to the modules' contracts and owns no data) comes after them.
/// </summary>
internal static class Modules
{
    /// <summary>The modules' and edges' names, as their namespaces spell them (`AgentMarketplace.Billing` → Billing).</summary>
    public static readonly IReadOnlyCollection<string> Names = new[]
    {
        typeof(UsersModule), typeof(RegistryModule), typeof(MarketplaceModule),
        typeof(DeploymentModule), typeof(BillingModule), typeof(OperationsModule), typeof(McpEdgeModule), typeof(StorefrontModule),
    }.Select(module => module.Namespace!["AgentMarketplace.".Length..]).ToHashSet();

    public static IServiceCollection AddModules(this IServiceCollection services, IConfiguration configuration)
    {
        services
            .AddUsersModule(configuration)
            .AddRegistryModule(configuration)
            .AddMarketplaceModule(configuration)
            .AddDeploymentModule(configuration)
            .AddBillingModule(configuration)
            .AddOperationsModule(configuration)
            .AddMcpEdge(configuration)
            .AddStorefront(configuration);

        // The source generator scans every referenced assembly (the module projects and their
        // contracts) for messages and handlers; handlers stay internal to their modules.
        services.AddMediator(options =>
        {
            options.Namespace = "AgentMarketplace.Api.Mediator";
            options.ServiceLifetime = ServiceLifetime.Scoped;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapModules(this IEndpointRouteBuilder endpoints)
    {
        endpoints
            .MapUsersEndpoints()
            .MapRegistryEndpoints()
            .MapMarketplaceEndpoints()
            .MapDeploymentEndpoints()
            .MapBillingEndpoints()
            .MapOperationsEndpoints()
            .MapMcpEdge()
            .MapStorefront();
        return endpoints;
    }
}
