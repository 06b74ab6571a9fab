using System.Net;
using System.Net.Http.Json;
using System.Text;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class RegistrationTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Register_returns_201_with_the_account_and_only_the_consumer_role()
    {
        var email = TestUsers.NewEmail();
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password = TestUsers.Password, displayName = "Ada" });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(Guid.Empty, body.GetProperty("id").GetGuid());
        Assert.Equal(email, body.GetProperty("email").GetString());
        Assert.Equal("Ada", body.GetProperty("displayName").GetString());
        Assert.Equal(["consumer"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("hash", body.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("password", body.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_same_email_in_another_case_is_a_409()
    {
        var email = TestUsers.NewEmail("Case");
        await api.RegisterAsync(email);

        var again = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email = "  " + email.ToUpperInvariant() + " ", password = TestUsers.Password, displayName = "Twin" });

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Login_works_with_the_email_in_any_case()
    {
        var email = TestUsers.NewEmail("Mixed");
        await api.RegisterAsync(email);

        var token = await api.LoginAsync(email.ToUpperInvariant(), TestUsers.Password);

        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_email_create_exactly_one_account()
    {
        var email = TestUsers.NewEmail("race");
        var attempts = Enumerable.Range(0, 8).Select(_ => api.CreateClient().PostAsJsonAsync("/api/v1/users/register",
            new { email, password = TestUsers.Password, displayName = "Racer" }));

        var statuses = (await Task.WhenAll(attempts)).Select(r => r.StatusCode).ToList();

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.Equal(7, statuses.Count(s => s == HttpStatusCode.Conflict));
    }

    [Theory]
    [InlineData("short1234")]
    [InlineData("password123")]
    [InlineData("QWERTYUIOP")]
    public async Task A_weak_password_is_a_400_naming_password(string password)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email = TestUsers.NewEmail(), password, displayName = "Weak" });

        await response.AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task The_email_as_password_is_refused()
    {
        var email = TestUsers.NewEmail();
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password = email, displayName = "Lazy" });

        await response.AssertValidationErrorAsync("password");
    }

    [Fact]
    public async Task Missing_fields_are_each_named()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/users/register", new { });

        var problem = await response.AssertValidationErrorAsync("email");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("password", out _));
        Assert.True(errors.TryGetProperty("displayName", out _));
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("two@@example.com")]
    [InlineData("spaces in@example.com")]
    [InlineData("nodot@localhost")]
    public async Task An_invalid_email_is_a_400_naming_email(string email)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password = TestUsers.Password, displayName = "X" });

        await response.AssertValidationErrorAsync("email");
    }

    [Theory]
    [InlineData("{\"email\":")]
    [InlineData("not json at all")]
    [InlineData("{\"email\": 5, \"password\": \"a-long-enough-passphrase\", \"displayName\": \"x\"}")]
    [InlineData("[1,2,3]")]
    public async Task Malformed_json_or_wrong_types_are_a_400_problem(string body)
    {
        var response = await _client.PostAsync("/api/v1/users/register",
            new StringContent(body, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_non_json_content_type_is_a_415_problem()
    {
        var response = await _client.PostAsync("/api/v1/users/register",
            new StringContent("email=a@b.c", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_10_MB_body_is_a_413_and_creates_nothing()
    {
        var email = TestUsers.NewEmail("huge");
        var padding = new string('x', 10 * 1024 * 1024);
        var response = await _client.PostAsync("/api/v1/users/register", new StringContent(
            $"{{\"email\":\"{email}\",\"password\":\"{TestUsers.Password}\",\"displayName\":\"{padding}\"}}",
            Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var login = await _client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Roles_and_id_in_the_body_are_ignored()
    {
        var forgedId = Guid.NewGuid();
        var response = await _client.PostAsJsonAsync("/api/v1/users/register", new
        {
            id = forgedId,
            email = TestUsers.NewEmail("sneaky"),
            password = TestUsers.Password,
            displayName = "Sneaky",
            roles = new[] { "admin", "publisher" },
            ownerId = Guid.NewGuid(),
        });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.NotEqual(forgedId, body.GetProperty("id").GetGuid());
        Assert.Equal(["consumer"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("Zoë Ångström 李小龙 🚀")]
    [InlineData("Robert'); DROP TABLE users.users;--")]
    [InlineData("<script>alert('x')</script>")]
    public async Task Unicode_and_sql_or_html_looking_names_are_stored_verbatim(string displayName)
    {
        var email = TestUsers.NewEmail();
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password = TestUsers.Password, displayName });

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(displayName, body.GetProperty("displayName").GetString());
        using var me = api.ClientWithToken(await api.LoginAsync(email, TestUsers.Password));
        var profile = await me.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/users/me");
        Assert.Equal(displayName, profile.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task A_display_name_with_control_characters_is_refused()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/users/register",
            new { email = TestUsers.NewEmail(), password = TestUsers.Password, displayName = "evil\u0000name" });

        await response.AssertValidationErrorAsync("displayName");
    }
}
