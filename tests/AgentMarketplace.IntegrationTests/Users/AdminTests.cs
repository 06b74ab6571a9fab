using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class AdminTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task The_bootstrap_admin_from_configuration_can_sign_in_as_admin()
    {
        var admin = await api.AdminAsync();
        using var client = api.ClientFor(admin);

        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Contains("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("roles")]
    [InlineData("quota")]
    public async Task A_consumer_calling_admin_routes_gets_403(string route)
    {
        var consumer = await api.RegisterAsync();
        using var client = api.ClientFor(consumer);

        var response = await client.PutAsJsonAsync($"/api/v1/admin/users/{consumer.Id}/{route}",
            new { roles = new[] { "admin" }, callsPerMonth = 1 });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_publisher_calling_admin_routes_gets_403()
    {
        var publisher = await api.RegisterAsync();
        using var client = api.ClientFor(publisher);
        await client.PostAsJsonAsync("/api/v1/users/me/publisher", new { publisherName = "P " + Guid.NewGuid().ToString("N")[..6] });

        var response = await client.PutAsJsonAsync($"/api/v1/admin/users/{publisher.Id}/quota", new { callsPerMonth = 1 });

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Roles_set_by_an_admin_apply_to_the_users_existing_token_at_once()
    {
        var admin = await api.AdminAsync();
        var user = await api.RegisterAsync();
        using var adminClient = api.ClientFor(admin);
        using var userClient = api.ClientFor(user);

        var granted = await adminClient.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/roles", new { roles = new[] { "admin" } });
        var body = await granted.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["consumer", "admin"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK,
            (await userClient.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { callsPerMonth = 5 })).StatusCode);

        await adminClient.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/roles", new { roles = Array.Empty<string>() });

        await (await userClient.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { callsPerMonth = 6 }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Unknown_roles_are_a_400_and_unknown_users_a_404()
    {
        var admin = await api.AdminAsync();
        using var client = api.ClientFor(admin);
        var user = await api.RegisterAsync();

        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/roles", new { roles = new[] { "superuser" } }))
            .AssertValidationErrorAsync("roles[0]");
        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/roles", new { roles = new[] { "publisher" } }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{Guid.NewGuid()}/quota", new { callsPerMonth = 3 }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role()
    {
        var admin = await api.AdminAsync();
        using var client = api.ClientFor(admin);

        var response = await client.PutAsJsonAsync($"/api/v1/admin/users/{admin.Id}/roles", new { roles = new[] { "publisher" } });

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Quota_overrides_show_in_the_users_quota_and_through_the_contract_the_gateway_uses()
    {
        var admin = await api.AdminAsync();
        var user = await api.RegisterAsync();
        using var adminClient = api.ClientFor(admin);

        var set = await adminClient.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
            new { plan = "pro", callsPerMonth = 100, monthlySpendLimitCents = 2500 });

        var quota = await set.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("pro", quota.GetProperty("plan").GetString());
        Assert.Equal(600, quota.GetProperty("limits").GetProperty("requestsPerMinute").GetInt32());
        Assert.Equal(100, quota.GetProperty("limits").GetProperty("callsPerMonth").GetInt64());
        using var userClient = api.ClientFor(user);
        var mine = await (await userClient.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2500, mine.GetProperty("limits").GetProperty("monthlySpendLimitCents").GetInt64());

        await using var scope = api.Services.CreateAsyncScope();
        var viaContract = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetUserQuota(user.Id));
        Assert.NotNull(viaContract);
        Assert.Equal(100, viaContract.CallsPerMonth);
        Assert.Equal(2500, viaContract.MonthlySpendLimitCents);
        Assert.Equal(600, viaContract.RequestsPerMinute);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetUserQuota(Guid.NewGuid())));
    }

    [Fact]
    public async Task Negative_limits_and_unknown_plans_are_a_400()
    {
        var admin = await api.AdminAsync();
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(admin);

        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { callsPerMonth = -1 }))
            .AssertValidationErrorAsync("callsPerMonth");
        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { plan = "platinum" }))
            .AssertValidationErrorAsync("plan");
        await (await client.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
