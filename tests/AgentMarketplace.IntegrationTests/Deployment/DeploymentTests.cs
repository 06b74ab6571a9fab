using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Deployment;

public sealed class DeploymentTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    [Fact]
    public async Task A_consumer_deploys_the_latest_verified_version_and_it_is_healthy()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0", "1.1.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var deployment = await consumer.DeployAsync(published.AgentId);

        Assert.Equal(published.AgentId, deployment.GetProperty("agentId").GetGuid());
        Assert.Equal("1.1.0", deployment.GetProperty("version").GetString());
        Assert.Equal("production", deployment.GetProperty("environment").GetString());
        Assert.Equal(1, deployment.GetProperty("revision").GetInt32());
        Assert.Equal("healthy", deployment.GetProperty("status").GetString());
        Assert.EndsWith($"/api/v1/deployments/{deployment.GetProperty("id").GetGuid()}/invoke",
            deployment.GetProperty("invokeUrl").GetString(), StringComparison.Ordinal);
        Assert.False(deployment.GetProperty("updateAvailable").GetBoolean());
    }

    [Fact]
    public async Task A_pinned_older_version_can_be_deployed()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0", "1.1.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var deployment = await consumer.DeployAsync(published.AgentId, "1.0.0");

        Assert.Equal("1.0.0", deployment.GetProperty("version").GetString());
        Assert.True(deployment.GetProperty("updateAvailable").GetBoolean());
        Assert.Equal("1.1.0", deployment.GetProperty("latestVersion").GetString());
    }

    [Fact]
    public async Task Unverified_deprecated_and_unknown_versions_cannot_be_deployed()
    {
        var published = await api.PublishSampleAsync(agent);
        using var publisher = api.ClientFor(published.Publisher);
        await publisher.PublishVersionAsync(published.AgentId, await agent.RegistrationAsync("2.0.0"));
        await publisher.PostAsJsonAsync($"/api/v1/agents/{published.AgentId}/versions/1.0.0/deprecate", new { reason = "Superseded." });
        using var consumer = api.ClientFor(await api.RegisterAsync());

        static async Task<HttpResponseMessage> Deploy(HttpClient client, Guid agentId, string? version) =>
            await client.PostAsJsonAsync("/api/v1/deployments", new { agentId, version, environment = "staging" });

        // The publisher is told why; to anyone else an unverified version does not exist.
        var unverified = await (await Deploy(publisher, published.AgentId, "2.0.0")).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Deploy(consumer, published.AgentId, "2.0.0")).AssertProblemAsync(HttpStatusCode.NotFound);
        var deprecated = await (await Deploy(consumer, published.AgentId, "1.0.0")).AssertProblemAsync(HttpStatusCode.Conflict);
        var nothingLeft = await (await Deploy(consumer, published.AgentId, null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await Deploy(consumer, published.AgentId, "9.9.9")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("not verified", unverified.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("deprecated", deprecated.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no verified", nothingLeft.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_publishers_draft_and_unknown_agents_are_404()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var draftId = (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid();
        using var consumer = api.ClientFor(await api.RegisterAsync());

        foreach (var agentId in new[] { draftId, Guid.NewGuid() })
        {
            var response = await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId, environment = "production" });
            await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Bad_deployment_requests_are_400_naming_the_field()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        await (await consumer.PostAsJsonAsync("/api/v1/deployments", new { environment = "production" })).AssertValidationErrorAsync("agentId");
        await (await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId = Guid.NewGuid(), environment = "Prod Env" }))
            .AssertValidationErrorAsync("environment");
        await (await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId = Guid.NewGuid(), environment = "prod", config = new { KEY = 5 } }))
            .AssertValidationErrorAsync("config");
    }

    [Fact]
    public async Task Secret_config_values_are_stored_encrypted_and_never_returned()
    {
        var published = await api.PublishSampleAsync(agent);
        using var consumer = api.ClientFor(await api.RegisterAsync());
        const string secret = "sk-live-very-secret-value";

        // A dictionary, so the client's camelCase policy leaves the keys as written.
        var deployment = await consumer.DeployAsync(published.AgentId, config: new Dictionary<string, object>
        {
            ["REGION"] = "eu-west",
            ["API_KEY"] = new { value = secret, secret = true },
        });
        var id = deployment.GetProperty("id").GetGuid();
        var fetched = await (await consumer.GetAsync($"/api/v1/deployments/{id}")).JsonAsync(HttpStatusCode.OK);

        // The health check's example call carried the config to the agent, which still answered.
        Assert.Equal("healthy", fetched.GetProperty("status").GetString());
        Assert.Equal("eu-west", fetched.GetProperty("config").GetProperty("REGION").GetString());
        Assert.True(fetched.GetProperty("config").GetProperty("API_KEY").GetProperty("secret").GetBoolean());
        Assert.DoesNotContain(secret, deployment.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, fetched.ToString(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(api.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marketplace"));
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand("SELECT config::text FROM deployment.revisions WHERE deployment_id = @id", connection);
        stored.Parameters.AddWithValue("id", id);
        var storedConfig = (string)(await stored.ExecuteScalarAsync())!;
        Assert.Contains("eu-west", storedConfig, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, storedConfig, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deployments_are_visible_to_their_owner_only()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(await api.RegisterAsync());
        using var other = api.ClientFor(await api.RegisterAsync());
        var id = (await owner.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();

        await (await other.GetAsync($"/api/v1/deployments/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync($"/api/v1/deployments/{id}/update", new { })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/api/v1/deployments/{id}/rollback", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.DeleteAsync($"/api/v1/deployments/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.InvokeAsync(id, "echo", new { text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        var mine = await (await owner.GetAsync("/api/v1/deployments")).JsonAsync(HttpStatusCode.OK);
        var theirs = await (await other.GetAsync("/api/v1/deployments")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([id], mine.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
        Assert.Empty(theirs.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_newly_verified_version_shows_as_an_update_and_update_then_rollback_move_the_live_revision()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var id = (await consumer.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        using var publisher = api.ClientFor(published.Publisher);
        await publisher.PublishVersionAsync(published.AgentId, await agent.RegistrationAsync("1.1.0"));
        await publisher.VerifyAsync(published.AgentId, "1.1.0");

        var before = await (await consumer.GetAsync($"/api/v1/deployments/{id}")).JsonAsync(HttpStatusCode.OK);
        var updated = await (await consumer.PostAsJsonAsync($"/api/v1/deployments/{id}/update", new { })).JsonAsync(HttpStatusCode.OK);
        var rolledBack = await (await consumer.PostAsync($"/api/v1/deployments/{id}/rollback", null)).JsonAsync(HttpStatusCode.OK);

        Assert.True(before.GetProperty("updateAvailable").GetBoolean());
        Assert.Equal("1.1.0", before.GetProperty("latestVersion").GetString());
        Assert.False(updated.GetProperty("rolledBack").GetBoolean());
        Assert.Equal(2, updated.GetProperty("revision").GetInt32());
        Assert.Equal("1.1.0", updated.GetProperty("version").GetString());
        Assert.False(updated.GetProperty("updateAvailable").GetBoolean());
        Assert.Equal(1, rolledBack.GetProperty("revision").GetInt32());
        Assert.Equal("1.0.0", rolledBack.GetProperty("version").GetString());
    }

    [Fact]
    public async Task An_update_whose_health_check_fails_keeps_the_old_revision_live_and_says_why()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0", "1.1.0");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var id = (await consumer.DeployAsync(published.AgentId, "1.0.0")).GetProperty("id").GetGuid();
        await agent.SetFaultsAsync(unhealthy: true);

        var update = await (await consumer.PostAsJsonAsync($"/api/v1/deployments/{id}/update", new { version = "1.1.0" })).JsonAsync(HttpStatusCode.OK);

        Assert.True(update.GetProperty("rolledBack").GetBoolean());
        Assert.Equal(2, update.GetProperty("attemptedRevision").GetInt32());
        Assert.Contains("503", update.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, update.GetProperty("revision").GetInt32());
        Assert.Equal("1.0.0", update.GetProperty("version").GetString());
        await agent.SetFaultsAsync();
        var invoked = await (await consumer.InvokeAsync(id, "echo", new { text = "still here" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("still here", invoked.GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Rolling_back_with_no_earlier_revision_is_409()
    {
        var published = await api.PublishSampleAsync(agent);
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var id = (await consumer.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();

        await (await consumer.PostAsync($"/api/v1/deployments/{id}/rollback", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_stopped_deployment_cannot_be_invoked_or_updated()
    {
        var published = await api.PublishSampleAsync(agent);
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var id = (await consumer.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await consumer.DeleteAsync($"/api/v1/deployments/{id}")).StatusCode);

        await (await consumer.InvokeAsync(id, "echo", new { text = "hello?" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await consumer.PostAsJsonAsync($"/api/v1/deployments/{id}/update", new { })).AssertProblemAsync(HttpStatusCode.Conflict);
        var stopped = await (await consumer.GetAsync($"/api/v1/deployments/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
    }
}
