using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.Registry.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>
/// The scheduled re-verification over real servers: an MCP server whose tools/list changes between runs, the
/// sample agent failing and recovering, an A2A card. A class of its own: it moves the host's clock a day at a time.
/// </summary>
public sealed class DriftTests(MarketplaceApiFactory api, SampleAgentHost agent, McpTestServer server)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>, IClassFixture<McpTestServer>, IAsyncLifetime
{
    /// <summary>Past any version's next re-verification (a day, give or take a tenth).</summary>
    private static readonly TimeSpan PastADay = TimeSpan.FromHours(27);

    public async Task InitializeAsync()
    {
        server.Misbehave = false;
        server.ChangeToolList();
        await agent.SetFaultsAsync();
    }

    public async Task DisposeAsync()
    {
        server.Misbehave = true;
        server.ChangeToolList();
        await agent.SetFaultsAsync();
    }

    [Fact]
    public async Task A_tool_removed_or_changed_without_a_new_version_is_drift_shown_to_publisher_and_consumers_until_it_matches_again()
    {
        var publisherUser = await api.PublisherAsync();
        var consumerUser = await api.RegisterAsync();
        Guid agentId, deploymentId;
        using (var publisherBefore = api.ClientFor(publisherUser))
        using (var consumerBefore = api.ClientFor(consumerUser))
        {
            agentId = (await publisherBefore.CreateAgentAsync()).GetProperty("id").GetGuid();
            await (await publisherBefore.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl))).JsonAsync(HttpStatusCode.Created);
            Assert.Equal("verified", (await publisherBefore.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
            deploymentId = (await consumerBefore.DeployAsync(agentId)).GetProperty("id").GetGuid();
        }

        // The server is redeployed: one tool gone, another's input narrowed; the registered version says otherwise.
        server.ChangeToolList(hidden: ["off-schema"], changed: ["lookup"]);
        api.Clock.Advance(PastADay);
        var version = await ReverifiedAsync(agentId, v => v.GetProperty("drifted").GetBoolean());
        // A day later their tokens have expired: they sign in again.
        using var publisher = await SignedInAsync(publisherUser);
        using var consumer = await SignedInAsync(consumerUser);

        Assert.Equal("failing", version.GetProperty("status").GetString());
        Assert.True((api.Clock.GetUtcNow() - version.GetProperty("lastVerifiedAt").GetDateTimeOffset()).Duration() < TimeSpan.FromMilliseconds(1));
        var reason = version.GetProperty("driftReason").GetString()!;
        Assert.Contains("no longer lists the tool 'off-schema'", reason, StringComparison.Ordinal);
        Assert.Contains("'lookup' changed its inputSchema (breaking", reason, StringComparison.Ordinal);
        var results = version.GetProperty("verification").GetProperty("results").EnumerateArray().ToList();
        Assert.StartsWith("Drift:", Result(results, "off-schema").GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(Result(results, "echo-config").GetProperty("passed").GetBoolean());

        var deployment = await (await consumer.GetAsync($"/api/v1/deployments/{deploymentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(deployment.GetProperty("drifted").GetBoolean());
        Assert.Equal("failing", deployment.GetProperty("versionStatus").GetString());
        Assert.Contains("off-schema", deployment.GetProperty("driftReason").GetString(), StringComparison.Ordinal);
        var refused = await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId, environment = "production" });
        await refused.AssertProblemAsync(HttpStatusCode.Conflict);

        // Back as registered: the next verification matches, and the drift is gone.
        server.ChangeToolList();
        var report = await publisher.VerifyAsync(agentId, "1.0.0");
        Assert.Equal("verified", report.GetProperty("status").GetString());
        var page = await (await api.CreateClient().GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.False(page.GetProperty("versions")[0].GetProperty("drifted").GetBoolean());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("versions")[0].GetProperty("driftReason").ValueKind);
        Assert.False((await (await consumer.GetAsync($"/api/v1/deployments/{deploymentId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("drifted").GetBoolean());
    }

    [Fact]
    public async Task A_failing_re_verification_keeps_the_agent_visible_but_not_deployable_and_a_passing_one_restores_it()
    {
        var published = await api.PublishSampleAsync(agent);
        using var anonymous = api.CreateClient();

        await agent.SetFaultsAsync(brokenCapabilities: ["echo"]);
        api.Clock.Advance(PastADay);
        var failing = await ReverifiedAsync(published.AgentId, v => v.GetProperty("status").GetString() == "failing");

        Assert.False(failing.GetProperty("drifted").GetBoolean()); // an http-json agent lists nothing to drift from
        var page = await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("latestVersion").ValueKind);
        Assert.NotEmpty(page.GetProperty("capabilities").EnumerateArray());
        var consumerUser = await api.RegisterAsync();
        using var consumer = api.ClientFor(consumerUser);
        var refused = await consumer.PostAsJsonAsync("/api/v1/deployments", new { agentId = published.AgentId, environment = "production" });
        Assert.Contains("failing", (await refused.AssertProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // A failing version is tried again within the hour, not the day.
        await agent.SetFaultsAsync();
        api.Clock.Advance(TimeSpan.FromMinutes(61));
        await ReverifiedAsync(published.AgentId, v => v.GetProperty("status").GetString() == "verified");
        using var consumerLater = await SignedInAsync(consumerUser);
        await consumerLater.DeployAsync(published.AgentId);
    }

    [Fact]
    public async Task An_a2a_version_whose_live_card_does_not_list_a_capability_fails_with_the_drift_named()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var agentId = (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid();
        var body = ProtocolVersions.A2A("1.0.0", agent.A2AUrl, "0.3");
        body["capabilities"]![0]!["name"] = "echo-twice";
        await (await publisher.PublishVersionAsync(agentId, body)).JsonAsync(HttpStatusCode.Created);

        var report = await publisher.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("agent card no longer lists the skill 'echo-twice'", report.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<HttpClient> SignedInAsync(TestUser user) => api.ClientWithToken(await api.LoginAsync(user.Email, user.Password));

    private static JsonElement Result(List<JsonElement> results, string capability) =>
        results.Single(r => r.GetProperty("capability").GetString() == capability);

    /// <summary>
    /// Runs the re-verification sweep until the agent's only version satisfies <paramref name="done"/> (as its
    /// publisher sees it). The scheduler's own loop may take the due version first; either way it is verified once.
    /// </summary>
    private async Task<JsonElement> ReverifiedAsync(Guid agentId, Func<JsonElement, bool> done)
    {
        var owner = await api.AdminAsync();
        using var client = api.ClientFor(owner);
        return await Eventually.ValueAsync(
            async () =>
            {
                await api.Services.GetRequiredService<Reverification>().SweepAsync(CancellationToken.None);
                var page = await (await client.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
                return page.GetProperty("versions")[0];
            },
            done, Eventually.Timeout, "The scheduled re-verification should record its outcome on the version");
    }
}
