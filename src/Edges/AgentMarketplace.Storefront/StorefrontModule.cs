using AgentMarketplace.Storefront.Api;
using AgentMarketplace.Storefront.Components;
using AgentMarketplace.Storefront.Session;
using Microsoft.AspNetCore.Builder;
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

    /// <summary>Needs `UseAntiforgery()` in the pipeline (after authentication): every form carries a token.</summary>
    public static IEndpointRouteBuilder MapStorefront(this IEndpointRouteBuilder endpoints)
    {
        StorefrontAssets.Map(endpoints);
        SignOutEndpoint.Map(endpoints);
        endpoints.MapRazorComponents<App>();
        return endpoints;
    }
}
