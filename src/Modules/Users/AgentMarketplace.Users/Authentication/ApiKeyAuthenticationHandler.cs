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
    UsersDbContext db)
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

        // One round trip: the key (not revoked) and its user's current roles together.
        var hash = ApiKeyFormat.Hash(key);
        var owner = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Join(db.Users, k => k.UserId, u => u.Id, (_, u) => new { u.Id, u.Email, u.Roles })
            .FirstOrDefaultAsync(Context.RequestAborted);
        return owner is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(
                UserPrincipalFactory.Create(owner.Id, owner.Email, owner.Roles, SchemeName), SchemeName));
    }
}
