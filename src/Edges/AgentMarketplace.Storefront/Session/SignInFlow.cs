using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.Storefront.Api;
using Microsoft.AspNetCore.Http;

namespace AgentMarketplace.Storefront.Session;

/// <summary>Signing in is the API's: a token for the credentials, then the profile it belongs to, both kept in the session.</summary>
internal static class SignInFlow
{
    /// <summary>The problem the API answered, or null once the visitor is signed in.</summary>
    public static async Task<ApiProblem?> SignInAsync(StorefrontApi api, HttpContext http, string email, string password)
    {
        var (token, problem) = await StorefrontApi.TryAsync(() =>
            api.Anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = password }));
        if (token?.AccessToken is not { } accessToken)
        {
            return problem;
        }

        var (me, meProblem) = await StorefrontApi.TryAsync(() => api.WithToken(accessToken).Api.V1.Users.Me.GetAsync());
        if (me is null)
        {
            return meProblem;
        }

        await StorefrontSession.SignInAsync(http, me.DisplayName ?? email, accessToken, TimeSpan.FromSeconds(token.ExpiresIn ?? 3600));
        return null;
    }
}
