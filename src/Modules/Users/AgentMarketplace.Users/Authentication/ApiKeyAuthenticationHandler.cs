using System.Text.Encodings.Web;
using AgentMarketplace.Users.ApiKeys;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Authentication;

/// <summary>
/// `X-Api-Key: amk_…` from the header only (never the query string, where keys end up in logs).
/// The key is looked up by its hash on every request, so revocation holds from the next request.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UsersDbContext db,
    UserPrincipalFactory principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.ToString();
        if (!ApiKeyFormat.LooksLikeKey(key))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var hash = ApiKeyFormat.Hash(key);
        var userId = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => (Guid?)k.UserId)
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (userId is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var principal = await principals.CreateAsync(userId.Value, SchemeName, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("The key's user no longer exists.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
