using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class ProfileTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task Me_returns_the_profile_with_default_preferences_and_no_secrets()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
        Assert.Equal(user.Email, me.GetProperty("email").GetString());
        Assert.Equal(["consumer"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.True(me.GetProperty("preferences").GetProperty("notifyOnInvoice").GetBoolean());
        Assert.True(me.GetProperty("createdAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("hash", me.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Preferences_are_replaced_and_read_back()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var put = await client.PutAsJsonAsync("/api/v1/users/me/preferences", new
        {
            defaultEnvironment = "staging",
            favoriteCategories = new[] { "summarization", "translation", "summarization" },
            notifyOnInvoice = false,
        });

        var saved = await put.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("staging", saved.GetProperty("defaultEnvironment").GetString());
        Assert.Equal(["summarization", "translation"], saved.GetProperty("favoriteCategories").EnumerateArray().Select(c => c.GetString()));
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("staging", me.GetProperty("preferences").GetProperty("defaultEnvironment").GetString());
        Assert.False(me.GetProperty("preferences").GetProperty("notifyOnInvoice").GetBoolean());
    }

    [Fact]
    public async Task Invalid_preferences_are_a_400_naming_the_field_and_change_nothing()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        await client.PutAsJsonAsync("/api/v1/users/me/preferences", new { defaultEnvironment = "production" });

        var response = await client.PutAsJsonAsync("/api/v1/users/me/preferences", new { defaultEnvironment = "Prod Env!" });

        await response.AssertValidationErrorAsync("defaultEnvironment");
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("production", me.GetProperty("preferences").GetProperty("defaultEnvironment").GetString());
    }

    [Fact]
    public async Task Self_service_onboarding_grants_the_publisher_role_at_once()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var response = await client.PostAsJsonAsync("/api/v1/users/me/publisher",
            new { publisherName = "Acme Agents " + Guid.NewGuid().ToString("N")[..6], payoutEmail = "payouts@acme.example" });

        var profile = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Contains("publisher", profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("payouts@acme.example", profile.GetProperty("publisher").GetProperty("payoutEmail").GetString());
        // The same token, issued before onboarding, now carries the role: roles are read per request.
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("publisher", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_publisher_name_taken_by_someone_else_is_409()
    {
        var name = "Taken Name " + Guid.NewGuid().ToString("N")[..6];
        var first = await api.RegisterAsync();
        var second = await api.RegisterAsync();
        using var firstClient = api.ClientFor(first);
        using var secondClient = api.ClientFor(second);
        Assert.Equal(HttpStatusCode.OK, (await firstClient.PostAsJsonAsync("/api/v1/users/me/publisher", new { publisherName = name })).StatusCode);

        var response = await secondClient.PostAsJsonAsync("/api/v1/users/me/publisher", new { publisherName = name.ToUpperInvariant() });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Onboarding_needs_a_publisher_name_and_a_valid_payout_email()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        await (await client.PostAsJsonAsync("/api/v1/users/me/publisher", new { payoutEmail = "x@y.example" }))
            .AssertValidationErrorAsync("publisherName");
        await (await client.PostAsJsonAsync("/api/v1/users/me/publisher", new { publisherName = "Fine", payoutEmail = "nope" }))
            .AssertValidationErrorAsync("payoutEmail");
    }

    [Fact]
    public async Task Quota_shows_the_plan_defaults_usage_and_what_remains()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("free", quota.GetProperty("plan").GetString());
        var limits = quota.GetProperty("limits");
        Assert.Equal(60, limits.GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(10000, limits.GetProperty("callsPerMonth").GetInt64());
        Assert.Equal(5000, limits.GetProperty("monthlySpendLimitCents").GetInt64());
        Assert.Equal(0, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
        Assert.Equal(10000, quota.GetProperty("remaining").GetProperty("callsThisMonth").GetInt64());
        Assert.Equal(5000, quota.GetProperty("remaining").GetProperty("spendThisMonthCents").GetInt64());
    }
}
