using AgentMarketplace.Storefront.Api;
using AgentMarketplace.Storefront.Components;
using AgentMarketplace.Storefront.Session;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.Storefront;

/// <summary>
/// The marketplace's web front at `/`: server-rendered Razor components (static SSR) over the public API,
/// called through the generated client. It owns no data; the one thing it keeps is a signed-in visitor's
/// access token, inside the session cookie that Data Protection encrypts.
/// </summary>
public static class StorefrontModule
{
    public static IServiceCollection AddStorefront(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorefrontOptions>().BindConfiguration(StorefrontOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddStorefrontSession();
        services.AddSingleton<ApiAddress>();
        services.AddSingleton<ApiHttp>();
        services.AddScoped<StorefrontApi>();
        return services;
    }

    /// <summary>
    /// A GET for an address no endpoint answers, outside the host's machine-facing prefixes, is a person who typed
    /// or followed it: it gets the site's not-found page (HTML, 404; the router finds no page for it). Everything
    /// else, the API's addresses among it, keeps the host's answers (a problem document; 405 for a known address
    /// asked the wrong way, which routing answers itself). Goes after authentication, so the page knows its visitor.
    /// </summary>
    public static IApplicationBuilder UseStorefrontNotFound(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint() is null && IsPageRequest(context.Request))
        {
            await new RazorComponentResult<App> { StatusCode = StatusCodes.Status404NotFound }.ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static readonly string[] MachinePrefixes = ["/api", "/mcp", "/v0.1", "/swagger", "/health", "/metrics"];

    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !MachinePrefixes.Any(prefix => request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>Needs `UseAntiforgery()` in the pipeline (after authentication): every form carries a token.</summary>
    public static IEndpointRouteBuilder MapStorefront(this IEndpointRouteBuilder endpoints)
    {
        StorefrontAssets.Map(endpoints);
        SignOutEndpoint.Map(endpoints);
        endpoints.MapRazorComponents<App>();
        return endpoints;
    }
}
