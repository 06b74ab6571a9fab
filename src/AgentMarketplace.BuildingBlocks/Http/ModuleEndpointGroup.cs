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
        group.AddEndpointFilter(async (context, next) =>
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
                .CreateLogger("AgentMarketplace.Modules");
            using (logger.BeginScope(new Dictionary<string, object> { ["Module"] = module }))
            {
                return await next(context);
            }
        });
        return group;
    }
}
