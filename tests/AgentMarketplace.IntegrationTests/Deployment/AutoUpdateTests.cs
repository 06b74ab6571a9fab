using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.Deployment.Deployments;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Deployment;

/// <summary>`autoUpdate: "compatible"` against the real sample agent: compatible versions roll out, breaking ones do not.</summary>
public sealed class AutoUpdateTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    private async Task PublishAndVerifyAsync(PublishedAgent published, string version, bool dropSummarize = false)
    {
        using var publisher = api.ClientFor(published.Publisher);
        var body = await agent.RegistrationAsync(version);
        if (dropSummarize)
        {
            var capabilities = body["capabilities"]!.AsArray();
            capabilities.Remove(capabilities.Single(c => c!["name"]!.GetValue<string>() == "summarize"));
        }

        await (await publisher.PublishVersionAsync(published.AgentId, body)).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("verified", (await publisher.VerifyAsync(published.AgentId, version)).GetProperty("status").GetString());
    }

    private static async Task<JsonElement> DeployAsync(HttpClient client, Guid agentId, string autoUpdate) =>
        await (await client.PostAsJsonAsync("/api/v1/deployments", new { agentId, version = "1.0.0", environment = "production", autoUpdate }))
            .JsonAsync(HttpStatusCode.Created);

    private static Task<JsonElement> WaitForAsync(HttpClient client, Guid deploymentId, Func<JsonElement, bool> until, string because) =>
        Eventually.ValueAsync(async () => await (await client.GetAsync($"/api/v1/deployments/{deploymentId}")).JsonAsync(HttpStatusCode.OK),
            until, Eventually.Timeout, because);

    [Fact]
    public async Task A_compatible_version_is_rolled_out_to_auto_updating_deployments_and_a_breaking_one_is_not()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var following = await DeployAsync(consumer, published.AgentId, "compatible");
        var pinned = await DeployAsync(consumer, published.AgentId, "none");
        Assert.Equal("compatible", following.GetProperty("autoUpdate").GetString());

        // 2.0.0 drops a capability (a major step, so it may); 1.1.0 changes nothing callers see.
        await PublishAndVerifyAsync(published, "2.0.0", dropSummarize: true);
        await PublishAndVerifyAsync(published, "1.1.0");

        // The new revision and the record of the automatic update are one write: no reader sees one without the other.
        var moved = await WaitForAsync(consumer, following.GetProperty("id").GetGuid(),
            d => d.GetProperty("version").GetString() == "1.1.0", "The auto-updating deployment should move to the compatible 1.1.0");
        Assert.Equal(2, moved.GetProperty("revision").GetInt32());
        Assert.Equal("1.1.0", moved.GetProperty("lastAutoUpdate").GetProperty("version").GetString());
        Assert.False(moved.GetProperty("lastAutoUpdate").GetProperty("rolledBack").GetBoolean());
        Assert.True(moved.GetProperty("updateAvailable").GetBoolean());
        Assert.Equal("2.0.0", moved.GetProperty("latestVersion").GetString());
        Assert.True(moved.GetProperty("updateBreaking").GetBoolean());

        var stayed = await (await consumer.GetAsync($"/api/v1/deployments/{pinned.GetProperty("id").GetGuid()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", stayed.GetProperty("version").GetString());
        Assert.Equal(JsonValueKind.Null, stayed.GetProperty("lastAutoUpdate").ValueKind);
        Assert.True(stayed.GetProperty("updateBreaking").GetBoolean());
    }

    [Fact]
    public async Task A_compatible_version_whose_health_check_fails_is_rolled_back_and_not_tried_again()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deploymentId = (await DeployAsync(consumer, published.AgentId, "compatible")).GetProperty("id").GetGuid();

        // Verification calls the capabilities; the update's health check asks GET /health, which now fails.
        await agent.SetFaultsAsync(unhealthy: true);
        await PublishAndVerifyAsync(published, "1.1.0");

        var kept = await WaitForAsync(consumer, deploymentId,
            d => d.GetProperty("lastAutoUpdate").ValueKind == JsonValueKind.Object, "The auto-updater should try 1.1.0");
        Assert.Equal("1.0.0", kept.GetProperty("version").GetString());
        Assert.Equal(1, kept.GetProperty("revision").GetInt32());
        Assert.True(kept.GetProperty("lastAutoUpdate").GetProperty("rolledBack").GetBoolean());
        Assert.Contains("503", kept.GetProperty("lastAutoUpdate").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.False(kept.GetProperty("updateBreaking").GetBoolean());
    }

    [Fact]
    public async Task A_deployment_that_opts_in_later_or_starts_behind_moves_at_once_to_the_compatible_version_already_out()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deploymentId = (await DeployAsync(consumer, published.AgentId, "none")).GetProperty("id").GetGuid();
        await PublishAndVerifyAsync(published, "1.1.0");
        var pinned = await (await consumer.GetAsync($"/api/v1/deployments/{deploymentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", pinned.GetProperty("version").GetString());
        Assert.True(pinned.GetProperty("updateAvailable").GetBoolean());

        var optedIn = await (await consumer.PatchAsJsonAsync($"/api/v1/deployments/{deploymentId}", new { autoUpdate = "compatible" }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal("compatible", optedIn.GetProperty("autoUpdate").GetString());
        // Not the scheduled look (every 15 minutes): opting in has the auto-updater look now.
        var moved = await WaitForAsync(consumer, deploymentId,
            d => d.GetProperty("version").GetString() == "1.1.0", "The deployment that opted in should move to 1.1.0");
        Assert.Equal("1.1.0", moved.GetProperty("lastAutoUpdate").GetProperty("version").GetString());

        var optedOut = await (await consumer.PatchAsJsonAsync($"/api/v1/deployments/{deploymentId}", new { autoUpdate = "none" }))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Equal("none", optedOut.GetProperty("autoUpdate").GetString());
        Assert.Equal(2, optedOut.GetProperty("revision").GetInt32());

        // So does a new deployment of the older version that follows compatible ones.
        var behind = await DeployAsync(consumer, published.AgentId, "compatible");
        Assert.Equal("1.0.0", behind.GetProperty("version").GetString());
        await WaitForAsync(consumer, behind.GetProperty("id").GetGuid(),
            d => d.GetProperty("version").GetString() == "1.1.0", "A new auto-updating deployment of 1.0.0 should move to 1.1.0");
    }

    [Fact]
    public async Task An_automatic_update_of_a_deployment_whose_owner_opted_out_since_it_was_listed_is_not_made()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        var owner = await api.RegisterAsync();
        using var consumer = api.ClientFor(owner);
        var deploymentId = (await DeployAsync(consumer, published.AgentId, "compatible")).GetProperty("id").GetGuid();
        await (await consumer.PatchAsJsonAsync($"/api/v1/deployments/{deploymentId}", new { autoUpdate = "none" })).JsonAsync(HttpStatusCode.OK);
        await PublishAndVerifyAsync(published, "1.1.0");

        // What the auto-updater does with a list it read before the owner opted out.
        await using var scope = api.Services.CreateAsyncScope();
        var attempt = await scope.ServiceProvider.GetRequiredService<DeploymentManager>()
            .AutoUpdateAsync(owner.Id, deploymentId, "1.1.0", CancellationToken.None);

        Assert.False(attempt.IsSuccess);
        var kept = await (await consumer.GetAsync($"/api/v1/deployments/{deploymentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", kept.GetProperty("version").GetString());
        Assert.Equal(1, kept.GetProperty("revision").GetInt32());
        Assert.Equal(JsonValueKind.Null, kept.GetProperty("lastAutoUpdate").ValueKind);
    }

    [Fact]
    public async Task Changing_another_users_deployment_is_404_a_stopped_one_409_and_an_unknown_mode_400()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var owner = api.ClientFor(await api.RegisterAsync());
        using var stranger = api.ClientFor(await api.RegisterAsync());
        var deploymentId = (await DeployAsync(owner, published.AgentId, "none")).GetProperty("id").GetGuid();
        var route = $"/api/v1/deployments/{deploymentId}";

        await (await stranger.PatchAsJsonAsync(route, new { autoUpdate = "compatible" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await owner.PatchAsJsonAsync(route, new { autoUpdate = "always" })).AssertValidationErrorAsync("autoUpdate");
        await (await owner.PatchAsJsonAsync(route, new { })).AssertValidationErrorAsync("autoUpdate");
        Assert.Equal("none", (await (await owner.GetAsync(route)).JsonAsync(HttpStatusCode.OK)).GetProperty("autoUpdate").GetString());
        (await owner.DeleteAsync(route)).EnsureSuccessStatusCode();
        await (await owner.PatchAsJsonAsync(route, new { autoUpdate = "compatible" })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unknown_auto_update_mode_is_a_400_naming_it()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var response = await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId = Guid.NewGuid(), environment = "production", autoUpdate = "always" });

        await response.AssertValidationErrorAsync("autoUpdate");
    }
}
