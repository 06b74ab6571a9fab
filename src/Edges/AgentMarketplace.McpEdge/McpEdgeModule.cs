using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.McpEdge.Registry;
using AgentMarketplace.McpEdge.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.McpEdge;

/// <summary>
/// The marketplace in the MCP ecosystem, as edges over the modules' contracts: `POST /mcp`, one MCP server
/// whose tools are the capabilities of the caller's live deployments, called through the gateway; and
/// `GET /v0.1/servers…`, the MCP Registry API over the public catalogue. Neither owns data.
/// </summary>
public static class McpEdgeModule
{
    public const string McpPath = "/mcp";

    public static IServiceCollection AddMcpEdge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<McpEdgeOptions>().BindConfiguration(McpEdgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddCacheInvalidation();
        services.AddSingleton<CallerTools>();
        services.AddSingleton<ToolListChanges>();
        services.AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "agent-marketplace", Title = "Agent Marketplace", Version = "1.1.0" };
                options.ServerInstructions =
                    "Each tool is a capability of one of your deployments on Agent Marketplace, named {agent}_{deployment}_{capability}. " +
                    "Calls are metered against your quota and spend limit and billed like POST /api/v1/deployments/{id}/invoke. " +
                    "A refused call (quota, spend limit, invalid input, the agent's failure) is a result with isError that names the reason. " +
                    "marketplace_search finds more agents to deploy; it is free.";
                options.Capabilities = new ServerCapabilities { Tools = new ToolsCapability { ListChanged = true } };
                options.Handlers.SubscriptionsListenHandler = MarketplaceTools.ListenAsync;
            })
            // Stateless: any instance serves any request (no session affinity), and a call is one request.
            .WithHttpTransport(transport => transport.Stateless = true)
            .WithListToolsHandler(MarketplaceTools.ListToolsAsync)
            .WithCallToolHandler(MarketplaceTools.CallToolAsync)
            .WithMessageFilters(filters => filters.AddIncomingFilter(ParamsShapeFilter.Filter));
        return services;
    }

    public static IEndpointRouteBuilder MapMcpEdge(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMcp(McpPath).RequireAuthorization(Policies.User).WithTags("MCP");
        ServerRegistryEndpoints.Map(endpoints);
        return endpoints;
    }
}
