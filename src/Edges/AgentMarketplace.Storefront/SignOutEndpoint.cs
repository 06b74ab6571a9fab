using AgentMarketplace.Storefront.Session;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Storefront;

/// <summary>`POST /signout` from the header's form, on every page: an endpoint of its own, antiforgery checked.</summary>
internal static class SignOutEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/signout", async (HttpContext http) =>
            {
                await StorefrontSession.SignOutAsync(http);
                return Results.Redirect("/");
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
}
