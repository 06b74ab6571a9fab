using System.Security.Claims;
using AgentMarketplace.BuildingBlocks.Http;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.ApiKeys;
using AgentMarketplace.Users.Authentication;
using AgentMarketplace.Users.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AgentMarketplace.Users.Endpoints;

internal static class UsersEndpoints
{
    public const string LoginRateLimitPolicy = "login-per-address";
    public const string RegistrationRateLimitPolicy = "register-per-address";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapModuleGroup("Users", "/api/v1", "Users");

        api.MapPost("/users/register", Register).Validate<RegisterRequest>()
            .RequireRateLimiting(RegistrationRateLimitPolicy)
            .WithName("RegisterUser").WithSummary("Create an account (every user is a consumer).");
        api.MapPost("/auth/token", IssueToken).Validate<TokenRequest>()
            .RequireRateLimiting(LoginRateLimitPolicy)
            .WithName("IssueToken").WithSummary("Exchange email and password for a JWT access token.");

        var me = api.MapGroup("/users/me").RequireAuthorization(Policies.User);
        me.MapGet("", GetMe).WithName("GetMe").WithSummary("The signed-in user's profile.");
        me.MapPut("/preferences", SetPreferences).Validate<PreferencesRequest>()
            .WithName("SetPreferences").WithSummary("Replace the signed-in user's preferences.");
        me.MapPost("/publisher", BecomePublisher).Validate<PublisherRequest>()
            .WithName("BecomePublisher").WithSummary("Self-service publisher onboarding: grants the publisher role.");
        me.MapPost("/api-keys", CreateApiKey).Validate<CreateApiKeyRequest>()
            .WithName("CreateApiKey").WithSummary("Create an API key; the key is shown in this response only.");
        me.MapGet("/api-keys", ListApiKeys).WithName("ListApiKeys").WithSummary("The user's API keys, without secrets.");
        me.MapDelete("/api-keys/{id:guid}", RevokeApiKey).WithName("RevokeApiKey").WithSummary("Revoke an API key at once.");
        me.MapGet("/quota", GetQuota).WithName("GetQuota").WithSummary("Quota limits, this month's use and what remains.");

        var admin = api.MapGroup("/admin/users").RequireAuthorization(Policies.Admin);
        admin.MapPut("/{id:guid}/roles", SetRoles).Validate<SetRolesRequest>()
            .WithName("SetUserRoles").WithSummary("Set a user's roles (consumer is always kept).");
        admin.MapPut("/{id:guid}/quota", SetQuota).Validate<SetQuotaRequest>()
            .WithName("SetUserQuota").WithSummary("Override a user's plan or quota limits.");
    }

    private static async Task<Results<Created<UserSummary>, ProblemHttpResult>> Register(
        RegisterRequest request, UserManager users, CancellationToken ct)
    {
        var result = await users.RegisterAsync(request.Email!, request.Password!, request.DisplayName!, ct);
        return result.Match<Results<Created<UserSummary>, ProblemHttpResult>>(
            user => TypedResults.Created("/api/v1/users/me", UserSummary.From(user)),
            error => Problems.From(error));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> IssueToken(
        TokenRequest request, LoginService logins, HttpContext http, CancellationToken ct)
    {
        var outcome = await logins.LoginAsync(request.Email!, request.Password!, ct);
        switch (outcome)
        {
            case LoginOutcome.Succeeded success:
                return TypedResults.Ok(new TokenResponse(success.Token.Token, "Bearer", success.Token.ExpiresInSeconds));
            case LoginOutcome.Throttled throttled:
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(throttled.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Problems.Problem(StatusCodes.Status429TooManyRequests, "Too many login attempts.",
                    "Too many login attempts for this account; try again later.");
            default:
                return Problems.Problem(StatusCodes.Status401Unauthorized, "Invalid credentials.",
                    "The email or password is incorrect, or the account is temporarily locked.");
        }
    }

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> GetMe(
        ClaimsPrincipal principal, UserManager users, CancellationToken ct)
    {
        var user = await users.FindAsync(principal.GetUserId(), ct);
        return user is null ? Problems.From(DomainError.NotFound("User")) : TypedResults.Ok(UserProfile.From(user));
    }

    private static async Task<Results<Ok<PreferencesView>, ProblemHttpResult>> SetPreferences(
        PreferencesRequest request, ClaimsPrincipal principal, UserManager users, CancellationToken ct)
    {
        var preferences = new UserPreferences
        {
            DefaultEnvironment = request.DefaultEnvironment,
            FavoriteCategories = request.FavoriteCategories?.Select(c => c.Trim()).Distinct().ToList() ?? [],
            NotifyOnInvoice = request.NotifyOnInvoice ?? true,
        };
        var result = await users.SetPreferencesAsync(principal.GetUserId(), preferences, ct);
        return result.Match<Results<Ok<PreferencesView>, ProblemHttpResult>>(
            p => TypedResults.Ok(PreferencesView.From(p)), error => Problems.From(error));
    }

    private static async Task<Results<Ok<UserProfile>, ProblemHttpResult>> BecomePublisher(
        PublisherRequest request, ClaimsPrincipal principal, UserManager users, CancellationToken ct)
    {
        var result = await users.BecomePublisherAsync(principal.GetUserId(), request.PublisherName!, request.PayoutEmail, ct);
        return result.Match<Results<Ok<UserProfile>, ProblemHttpResult>>(
            user => TypedResults.Ok(UserProfile.From(user)), error => Problems.From(error));
    }

    private static async Task<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>> CreateApiKey(
        CreateApiKeyRequest request, ClaimsPrincipal principal, ApiKeyService keys, CancellationToken ct)
    {
        var result = await keys.CreateAsync(principal.GetUserId(), request.Name!, ct);
        return result.Match<Results<Created<ApiKeyCreatedResponse>, ProblemHttpResult>>(
            created => TypedResults.Created(
                $"/api/v1/users/me/api-keys/{created.Key.Id}",
                new ApiKeyCreatedResponse(created.Key.Id, created.Key.Name, created.Secret, created.Key.Prefix, created.Key.CreatedAt)),
            error => Problems.From(error));
    }

    private static async Task<Results<Ok<Page<ApiKeyView>>, ProblemHttpResult>> ListApiKeys(
        int? limit, string? cursor, ClaimsPrincipal principal, ApiKeyService keys, CancellationToken ct)
    {
        if (!PageRequest.TryParse(limit, cursor, out var page, out var error))
        {
            return Problems.From(error!);
        }

        var rows = await keys.ListAsync(principal.GetUserId(), page, ct);
        return TypedResults.Ok(page.ToPage(rows, ApiKeyView.From));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeApiKey(
        Guid id, ClaimsPrincipal principal, ApiKeyService keys, CancellationToken ct) =>
        await keys.RevokeAsync(principal.GetUserId(), id, ct)
            ? TypedResults.NoContent()
            : Problems.From(DomainError.NotFound("API key"));

    private static async Task<Results<Ok<QuotaView>, ProblemHttpResult>> GetQuota(
        ClaimsPrincipal principal, UserManager users, CancellationToken ct)
    {
        var quota = await users.GetQuotaAsync(principal.GetUserId(), ct);
        return quota is null ? Problems.From(DomainError.NotFound("User")) : TypedResults.Ok(QuotaView.From(quota));
    }

    private static async Task<Results<Ok<UserSummary>, ProblemHttpResult>> SetRoles(
        Guid id, SetRolesRequest request, ClaimsPrincipal principal, UserManager users, CancellationToken ct)
    {
        var result = await users.SetRolesAsync(principal.GetUserId(), id, request.Roles!, ct);
        return result.Match<Results<Ok<UserSummary>, ProblemHttpResult>>(
            user => TypedResults.Ok(UserSummary.From(user)), error => Problems.From(error));
    }

    private static async Task<Results<Ok<QuotaView>, ProblemHttpResult>> SetQuota(
        Guid id, SetQuotaRequest request, UserManager users, CancellationToken ct)
    {
        var result = await users.SetQuotaAsync(
            id, request.Plan, request.RequestsPerMinute, request.CallsPerMonth, request.MonthlySpendLimitCents, ct);
        return result.Match<Results<Ok<QuotaView>, ProblemHttpResult>>(q => TypedResults.Ok(QuotaView.From(q)), error => Problems.From(error));
    }
}
