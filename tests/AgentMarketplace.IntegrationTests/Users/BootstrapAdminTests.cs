using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class BootstrapAdminTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task An_existing_account_with_another_password_is_not_made_the_bootstrap_admin()
    {
        var squatter = await api.RegisterAsync(TestUsers.NewEmail("ops"));

        await using var second = new SharedDatabaseBootstrapAdminFactory(api.ConnectionString, squatter.Email, "the-operators-real-password");
        await second.InitializeAsync();
        using var started = second.CreateClient();

        using var client = api.ClientFor(squatter);
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task An_existing_account_holding_the_configured_password_is_promoted()
    {
        var email = TestUsers.NewEmail("ops");
        var owner = await api.RegisterAsync(email, "the-operators-real-password");

        await using var second = new SharedDatabaseBootstrapAdminFactory(api.ConnectionString, email, "the-operators-real-password");
        await second.InitializeAsync();
        using var started = second.CreateClient();

        using var client = api.ClientFor(owner);
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync($"/api/v1/admin/users/{owner.Id}/quota", new { callsPerMonth = 5 })).StatusCode);
    }
}
