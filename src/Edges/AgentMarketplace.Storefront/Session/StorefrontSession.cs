using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Storefront.Session;

/// <summary>Who is signed in to the storefront, as the API told us at sign-in. Roles are not kept: the API decides them per call.</summary>
internal sealed record SignedInVisitor(string DisplayName, string AccessToken);

/// <summary>
/// The visitor's session: a cookie of its own scheme (the API's Bearer and API-key schemes stay as they
/// are), holding the API's access token. The cookie is encrypted and signed by Data Protection, so the
/// token never reaches the browser's scripts or its storage in readable form; the session ends when
/// the token does.
/// </summary>
internal static class StorefrontSession
{
    public const string Scheme = "Storefront";
    public const string SignInPath = "/signin";

    private const string AccessTokenClaim = "access_token";

    public static IServiceCollection AddStorefrontSession(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "marketplace.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = SignInPath;
            cookie.AccessDeniedPath = SignInPath;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.SlidingExpiration = false;
        });
        services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<StorefrontOptions>>((cookie, storefront) =>
            cookie.ExpireTimeSpan = TimeSpan.FromHours(storefront.Value.SessionHours));
        return services;
    }

    public static async Task<SignedInVisitor?> CurrentAsync(HttpContext http)
    {
        if (http.Items.TryGetValue(typeof(SignedInVisitor), out var known))
        {
            return known as SignedInVisitor;
        }

        var result = await http.AuthenticateAsync(Scheme);
        var visitor = result.Succeeded ? FromPrincipal(result.Principal) : null;
        http.Items[typeof(SignedInVisitor)] = visitor;
        return visitor;
    }

    public static async Task SignInAsync(HttpContext http, string displayName, string accessToken, TimeSpan tokenLifetime)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, displayName),
            new(AccessTokenClaim, accessToken),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
        var lifetime = http.RequestServices.GetRequiredService<IOptions<StorefrontOptions>>().Value.SessionHours;
        // A cookie that outlives its token would only lead to 401s: it ends with the token.
        var expires = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow() + TimeSpan.FromTicks(Math.Min(tokenLifetime.Ticks, TimeSpan.FromHours(lifetime).Ticks));
        await http.SignInAsync(Scheme, principal, new AuthenticationProperties { ExpiresUtc = expires, IsPersistent = true });
        http.Items[typeof(SignedInVisitor)] = FromPrincipal(principal);
    }

    public static async Task SignOutAsync(HttpContext http)
    {
        await http.SignOutAsync(Scheme);
        http.Items[typeof(SignedInVisitor)] = null;
    }

    private static SignedInVisitor? FromPrincipal(ClaimsPrincipal? principal)
    {
        var token = principal?.FindFirst(AccessTokenClaim)?.Value;
        return principal is null || token is null
            ? null
            : new SignedInVisitor(
                principal.FindFirst(ClaimTypes.Name)?.Value ?? "",
                token);
    }
}
