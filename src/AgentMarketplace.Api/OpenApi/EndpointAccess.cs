using AgentMarketplace.BuildingBlocks.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.RateLimiting;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>Who may call an endpoint, as its authorization metadata says (the strongest policy wins).</summary>
internal enum Access
{
    Anyone,
    User,
    Publisher,
    Admin,
}

internal static class EndpointAccess
{
    public static Access Of(ApiDescription api)
    {
        var metadata = api.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Access.Anyone;
        }

        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        return policies.Contains(Policies.Admin) ? Access.Admin
            : policies.Contains(Policies.Publisher) ? Access.Publisher
            : policies.Count > 0 ? Access.User
            : Access.Anyone;
    }

    /// <summary>Whether a rate-limiting policy guards the endpoint (429 with Retry-After past it).</summary>
    public static bool IsRateLimited(ApiDescription api) =>
        api.ActionDescriptor.EndpointMetadata.OfType<EnableRateLimitingAttribute>().Any();

    public static string Describe(Access access) => access switch
    {
        Access.Anyone => "**Who may call it:** anyone; no credentials are needed.",
        Access.User => "**Who may call it:** any signed-in user, with a Bearer token or an API key.",
        Access.Publisher => "**Who may call it:** publishers (and admins), with a Bearer token or an API key.",
        _ => "**Who may call it:** admins, with a Bearer token or an API key.",
    };
}
