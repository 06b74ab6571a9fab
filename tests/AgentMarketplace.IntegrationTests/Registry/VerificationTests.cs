using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>Verification against the real sample agent over HTTP, both protocols.</summary>
public sealed class VerificationTests(VerificationFactory api, SampleAgentHost agent)
    : IClassFixture<VerificationFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    private async Task<(HttpClient Client, Guid AgentId)> NewAgentAsync()
    {
        var client = api.ClientFor(await api.PublisherAsync());
        return (client, (await client.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_working_agent_is_verified_capability_by_capability_and_becomes_public()
    {
        var (client, agentId) = await NewAgentAsync();
        var registration = await agent.RegistrationAsync("1.0.0");
        Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, registration)).StatusCode);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("verified", report.GetProperty("status").GetString());
        Assert.True(report.GetProperty("verifiedAt").GetDateTimeOffset() > DateTimeOffset.UnixEpoch);
        var declared = registration["capabilities"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        var results = report.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(declared, results.Select(r => r.GetProperty("capability").GetString()));
        Assert.All(results, r =>
        {
            Assert.True(r.GetProperty("passed").GetBoolean(), r.ToString());
            Assert.True(r.GetProperty("latencyMs").GetInt64() >= 0);
        });

        using var anonymous = api.CreateClient();
        var page = await (await anonymous.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", page.GetProperty("latestVersion").GetString());
        Assert.Equal(declared, page.GetProperty("capabilities").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var version = page.GetProperty("versions")[0];
        Assert.Equal("verified", version.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, version.GetProperty("endpointUrl").ValueKind);
    }

    [Fact]
    public async Task An_output_that_breaks_its_schema_fails_and_a_fixed_version_passes()
    {
        var (client, agentId) = await NewAgentAsync();
        var broken = await agent.RegistrationAsync("1.0.0");
        var wordCount = broken["capabilities"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "word-count")!;
        // Declares `words` a string: the agent's integer answer breaks the declared schema.
        wordCount["outputSchema"]!["properties"]!["words"] = new JsonObject { ["type"] = "string" };
        foreach (var example in wordCount["examples"]!.AsArray())
        {
            example!.AsObject().Remove("expectedOutput");
        }

        await client.PublishVersionAsync(agentId, broken);
        var failed = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var wordCountResult = failed.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("capability").GetString() == "word-count");
        Assert.False(wordCountResult.GetProperty("passed").GetBoolean());
        Assert.Contains("outputSchema", wordCountResult.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.All(failed.GetProperty("results").EnumerateArray().Where(r => r.GetProperty("capability").GetString() != "word-count"),
            r => Assert.True(r.GetProperty("passed").GetBoolean()));

        await client.PublishVersionAsync(agentId, await agent.RegistrationAsync("1.0.1"));
        var fixedReport = await client.VerifyAsync(agentId, "1.0.1");

        Assert.Equal("verified", fixedReport.GetProperty("status").GetString());
        var page = await (await client.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.1", page.GetProperty("latestVersion").GetString());
    }

    [Fact]
    public async Task A_failed_version_passes_when_verified_again_after_the_agent_is_fixed()
    {
        var (client, agentId) = await NewAgentAsync();
        await client.PublishVersionAsync(agentId, await agent.RegistrationAsync("2.0.0"));
        await agent.SetFaultsAsync(brokenCapabilities: ["echo"]);

        var failed = await client.VerifyAsync(agentId, "2.0.0");
        await agent.SetFaultsAsync();
        var passed = await client.VerifyAsync(agentId, "2.0.0");

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal("verified", passed.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_expected_output_the_agent_does_not_give_fails_the_capability()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", agent.BaseUrl);
        body["capabilities"]![0]!["examples"]![0]!["expectedOutput"] = new JsonObject { ["text"] = "something else" };
        await client.PublishVersionAsync(agentId, body);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("differs from the expected", report.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_slower_than_the_timeout_fails_with_the_reason()
    {
        var (client, agentId) = await NewAgentAsync();
        await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", agent.BaseUrl));
        await agent.SetFaultsAsync(delayMs: 3000);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("did not answer within 2 s", report.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_larger_than_the_cap_fails_without_being_read_whole()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", agent.BaseUrl);
        var large = new string('x', VerificationFactory.MaxResponseBytes * 2);
        body["capabilities"]![0]!["examples"]![0]!["input"] = new JsonObject { ["text"] = large };
        body["capabilities"]![0]!["examples"]![0]!["expectedOutput"] = new JsonObject { ["text"] = large };
        await client.PublishVersionAsync(agentId, body);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Contains("larger than 4096 bytes", report.GetProperty("results")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_latest_version_skips_pre_releases_deprecations_and_unverified_versions()
    {
        var (client, agentId) = await NewAgentAsync();
        foreach (var version in new[] { "1.0.0", "1.1.0-beta.1", "1.1.0", "1.2.0" })
        {
            await client.PublishVersionAsync(agentId, TestAgents.EchoVersion(version, agent.BaseUrl));
        }

        foreach (var version in new[] { "1.0.0", "1.1.0-beta.1", "1.1.0" })
        {
            Assert.Equal("verified", (await client.VerifyAsync(agentId, version)).GetProperty("status").GetString());
        }

        async Task<string?> LatestAsync() =>
            (await (await client.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("latestVersion").GetString();

        Assert.Equal("1.1.0", await LatestAsync()); // 1.2.0 is not verified
        await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions/1.1.0/deprecate", new { reason = "Regression." });
        Assert.Equal("1.0.0", await LatestAsync()); // 1.1.0-beta.1 is a pre-release

        using var anonymous = api.CreateClient();
        var publicPage = await (await anonymous.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain("1.2.0", publicPage.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
    }
}
