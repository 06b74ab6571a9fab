using AgentMarketplace.BuildingBlocks.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentMarketplace.Users.Authentication;

internal static class AuthenticationSetup
{
    /// <summary>Picks the scheme per request: an X-Api-Key header means API key, anything else Bearer.</summary>
    private const string BearerOrApiKey = "BearerOrApiKey";

    public static IServiceCollection AddPlatformAuthentication(this IServiceCollection services)
    {
        services.AddScoped<UserPrincipalFactory>();
        services.AddAuthentication(BearerOrApiKey)
            .AddPolicyScheme(BearerOrApiKey, "JWT bearer or API key", options =>
                options.ForwardDefaultSelector = context =>
                    context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
                        ? ApiKeyAuthenticationHandler.SchemeName
                        : JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<JwtOptions>, TimeProvider>((bearer, jwtOptions, clock) =>
            {
                var jwt = jwtOptions.Value;
                var skew = TimeSpan.FromSeconds(30);
                bearer.MapInboundClaims = false;
                bearer.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = jwt.Issuer,
                    ValidAudience = jwt.Audience,
                    IssuerSigningKey = JwtOptionsSetup.SecurityKey(jwt),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ValidateLifetime = true,
                    ClockSkew = skew,
                    // The platform's clock, the one tokens are issued by, rather than the library's own.
                    LifetimeValidator = (notBefore, expires, _, _) =>
                    {
                        var now = clock.GetUtcNow().UtcDateTime;
                        return expires is { } until && until.ToUniversalTime() >= now - skew
                            && (notBefore is not { } from || from.ToUniversalTime() <= now + skew);
                    },
                };
                bearer.Events = new JwtBearerEvents { OnTokenValidated = ReplacePrincipalWithStoredUser };
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.User, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(Policies.Publisher, policy => policy.RequireRole(Roles.Publisher, Roles.Admin))
            .AddPolicy(Policies.Admin, policy => policy.RequireRole(Roles.Admin));
        return services;
    }

    private static async Task ReplacePrincipalWithStoredUser(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        if (!Guid.TryParse(subject, out var userId))
        {
            context.Fail("The token has no user.");
            return;
        }

        var principals = context.HttpContext.RequestServices.GetRequiredService<UserPrincipalFactory>();
        var principal = await principals.CreateAsync(userId, JwtBearerDefaults.AuthenticationScheme, context.HttpContext.RequestAborted);
        if (principal is null)
        {
            context.Fail("The token's user no longer exists.");
            return;
        }

        context.Principal = principal;
    }
}
