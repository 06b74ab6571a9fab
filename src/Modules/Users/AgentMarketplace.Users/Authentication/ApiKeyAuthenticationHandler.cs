using System.Text.Encodings.Web;
using AgentMarketplace.Users.ApiKeys;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using AgentMarketplace.Users.Accounts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Authentication;

/// <summary>
/// `X-Api-Key: amk_…` from the header only (never the query string, where keys end up in logs).
/// The key is looked up by its hash (<see cref="KnownUsers"/>): revocation holds from the next request.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UsersDbContext db,
    KnownUsers knownUsers)
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

        var owner = await knownUsers.FindByApiKeyAsync(db, ApiKeyFormat.Hash(key), Context.RequestAborted);
        return owner is null
            ? AuthenticateResult.Fail("Unknown or revoked API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(
                UserPrincipalFactory.Create(owner.Id, owner.Email, owner.Roles, SchemeName), SchemeName));
    }

    /// <summary>A 401 names how to authenticate (RFC 9110 asks every 401 for a challenge): this header's key.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append(HeaderNames.WWWAuthenticate, $"{SchemeName} header=\"{HeaderName}\"");
        return Task.CompletedTask;
    }
}
