using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.BuildingBlocks.Http;

public static class ModuleEndpointGroup
{
    /// <summary>
    /// A route group that tags every log event written while its endpoints run with the module's
    /// name (`Module` property), so one module's logs can be filtered out of the monolith's.
    /// </summary>
    public static RouteGroupBuilder MapModuleGroup(
        this IEndpointRouteBuilder endpoints, string module, string prefix, string tag)
    {
        var group = endpoints.MapGroup(prefix).WithTags(tag);
        // Made once per group, not per request: creating a logger takes the factory's lock.
        var logger = endpoints.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("AgentMarketplace.Modules");
        var scope = new Dictionary<string, object> { ["Module"] = module };
        group.AddEndpointFilter(async (context, next) =>
        {
            using (logger.BeginScope(scope))
            {
                return await next(context);
            }
        });
        return group;
    }
}
