using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.Storefront.Session;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Storefront.Api;

/// <summary>The generated client for this request: anonymous, or with the signed-in visitor's token.</summary>
internal sealed class StorefrontApi(ApiHttp http, ApiAddress address, IHttpContextAccessor accessor)
{
    public MarketplaceApiClient Anonymous => MarketplaceClient.Create(http.Client, address.BaseUrl);

    public async Task<MarketplaceApiClient?> ForVisitorAsync()
    {
        var visitor = await StorefrontSession.CurrentAsync(accessor.HttpContext!);
        return visitor is null ? null : WithToken(visitor.AccessToken);
    }

    public MarketplaceApiClient WithToken(string accessToken) =>
        MarketplaceClient.Create(http.Client, address.BaseUrl, MarketplaceCredentials.Bearer(accessToken));

    /// <summary>
    /// Runs a call; a problem comes back as <see cref="ApiProblem"/> instead of an exception, and so does
    /// an API that cannot be reached. A call that was cancelled because the visitor left is not caught.
    /// </summary>
    public static async Task<(T? Value, ApiProblem? Problem)> TryAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return (await call(), null);
        }
        catch (ProblemDetails problem)
        {
            return (default, ApiProblem.From(problem));
        }
        catch (HttpRequestException)
        {
            return (default, ApiProblem.Unreachable);
        }
    }
}
