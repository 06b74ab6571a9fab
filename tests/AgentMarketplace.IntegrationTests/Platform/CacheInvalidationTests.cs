using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// What one instance changes, every other instance honours on its next request, though each keeps
/// callers and deployments in memory: the second instance's clock never moves here, so only an
/// announcement can empty its cache.
/// </summary>
public sealed class CacheInvalidationTests(MarketplaceApiFactory first, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private static async Task<SharedDatabaseInstanceFactory> ListeningSecondInstanceAsync(MarketplaceApiFactory first)
    {
        var second = new SharedDatabaseInstanceFactory(first.ConnectionString);
        await second.InitializeAsync();
        second.CreateClient().Dispose();
        var invalidation = second.Services.GetRequiredService<CacheInvalidation>();
        await Eventually.TrueAsync(() => Task.FromResult(invalidation.Listening), Eventually.Timeout,
            "The second instance should be listening for announcements");
        return second;
    }

    /// <summary>Announcements arrive within milliseconds of the change; wait for them rather than time them.</summary>
    private static Task<HttpStatusCode> StatusOnceChangedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected) =>
        Eventually.ValueAsync(async () => (await send()).StatusCode, status => status == expected, Eventually.Timeout,
            $"The other instance should answer {(int)expected} once the change is announced");

    [Fact]
    public async Task A_key_revoked_on_one_instance_gets_401_on_another_that_had_it_cached()
    {
        await using var second = await ListeningSecondInstanceAsync(first);
        var user = await first.RegisterAsync();
        using var owner = first.ClientFor(user);
        var created = await (await owner.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "ci" })).JsonAsync(HttpStatusCode.Created);
        using var viaSecond = second.ClientWithApiKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync("/api/v1/users/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/users/me/api-keys/{created.GetProperty("id").GetGuid()}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusOnceChangedAsync(() => viaSecond.GetAsync("/api/v1/users/me"), HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_deployment_stopped_on_one_instance_is_404_on_another_that_had_it_cached()
    {
        await using var second = await ListeningSecondInstanceAsync(first);
        var published = await first.PublishSampleAsync(agent);
        var user = await first.RegisterAsync();
        using var owner = first.ClientFor(user);
        var deployment = (await owner.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        var created = await (await owner.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "ci" })).JsonAsync(HttpStatusCode.Created);
        using var viaSecond = second.ClientWithApiKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.InvokeAsync(deployment, "echo", new { text = "hi" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/deployments/{deployment}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound,
            await StatusOnceChangedAsync(() => viaSecond.InvokeAsync(deployment, "echo", new { text = "hi" }), HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_deployment_created_or_stopped_on_one_instance_changes_the_mcp_tools_another_had_cached()
    {
        await using var second = await ListeningSecondInstanceAsync(first);
        var published = await first.PublishSampleAsync(agent);
        var user = await first.RegisterAsync();
        using var owner = first.ClientFor(user);
        var created = await (await owner.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "mcp" })).JsonAsync(HttpStatusCode.Created);
        await using var viaSecond = await second.McpClientWithApiKeyAsync(created.GetProperty("key").GetString()!);
        Assert.Empty(await viaSecond.ListDeploymentToolsAsync());

        var deployment = (await owner.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        await Eventually.ValueAsync(async () => (await viaSecond.ListDeploymentToolsAsync()).Count, count => count == 4, Eventually.Timeout,
            "The other instance should list the new deployment's tools once it is announced");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/v1/deployments/{deployment}")).StatusCode);
        await Eventually.ValueAsync(async () => (await viaSecond.ListDeploymentToolsAsync()).Count, count => count == 0, Eventually.Timeout,
            "The other instance should drop the stopped deployment's tools once it is announced");
    }
}
