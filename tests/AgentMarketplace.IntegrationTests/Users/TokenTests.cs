using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class TokenTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Valid_credentials_get_a_bearer_token_that_authenticates()
    {
        var email = TestUsers.NewEmail();
        await api.RegisterAsync(email);

        var response = await _client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });

        var body = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Bearer", body.GetProperty("tokenType").GetString());
        Assert.Equal(3600, body.GetProperty("expiresIn").GetInt32());
        using var authed = api.ClientWithToken(body.GetProperty("accessToken").GetString()!);
        var me = await authed.GetAsync("/api/v1/users/me");
        Assert.Equal(email, (await me.JsonAsync(HttpStatusCode.OK)).GetProperty("email").GetString());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_401()
    {
        var email = TestUsers.NewEmail();
        await api.RegisterAsync(email);

        var wrongPassword = await _client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "not-the-password" });
        var unknownEmail = await _client.PostAsJsonAsync("/api/v1/auth/token",
            new { email = TestUsers.NewEmail("nobody"), password = "not-the-password" });

        var first = await wrongPassword.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var second = await unknownEmail.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(first.GetProperty("title").GetString(), second.GetProperty("title").GetString());
        Assert.Equal(first.GetProperty("detail").GetString(), second.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_credentials_are_a_400()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/auth/token", new { email = "" });

        await response.AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task Routes_for_users_answer_401_problem_without_credentials()
    {
        var response = await _client.GetAsync("/api/v1/users/me");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_401()
    {
        var user = await api.RegisterAsync();
        var header = Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = Base64UrlEncoder.Encode(
            $"{{\"sub\":\"{user.Id}\",\"iss\":\"agent-marketplace\",\"aud\":\"agent-marketplace\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}");

        using var client = api.ClientWithToken($"{header}.{payload}.");

        await (await client.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_is_401()
    {
        var user = await api.RegisterAsync();
        var token = Token(user.Id, api.SigningKey, expires: DateTime.UtcNow.AddMinutes(-5), issuedAt: DateTime.UtcNow.AddHours(-1));

        using var client = api.ClientWithToken(token);

        await (await client.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_401()
    {
        var user = await api.RegisterAsync();
        var token = Token(user.Id, Convert.ToBase64String(Encoding.UTF8.GetBytes(new string('k', 64))));

        using var client = api.ClientWithToken(token);

        await (await client.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_for_another_audience_is_401()
    {
        var user = await api.RegisterAsync();
        var token = Token(user.Id, api.SigningKey, audience: "some-other-service");

        using var client = api.ClientWithToken(token);

        await (await client.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_correctly_signed_token_built_here_is_accepted_so_the_negative_cases_above_mean_something()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientWithToken(Token(user.Id, api.SigningKey));

        var response = await client.GetAsync("/api/v1/users/me");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Token(Guid userId, string base64Key, DateTime? expires = null, DateTime? issuedAt = null,
        string audience = "agent-marketplace")
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "agent-marketplace",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = expires ?? now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim(JwtRegisteredClaimNames.Sub, userId.ToString())]),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Convert.FromBase64String(base64Key)), SecurityAlgorithms.HmacSha256),
        });
    }
}
