using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

public sealed class VersionTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Endpoint = "http://127.0.0.1:9";

    private async Task<(HttpClient Client, Guid AgentId)> NewAgentAsync()
    {
        var client = api.ClientFor(await api.PublisherAsync());
        return (client, (await client.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_published_version_starts_unverified_with_its_capabilities()
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", Endpoint));

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal("1.0.0", body.GetProperty("version").GetProperty("version").GetString());
        Assert.Equal("unverified", body.GetProperty("version").GetProperty("status").GetString());
        Assert.Equal("http-json", body.GetProperty("version").GetProperty("protocol").GetString());
        Assert.Equal("echo", body.GetProperty("capabilities")[0].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("1.0.0", "1.0.0")]
    [InlineData("1.0.0", "1.0.0+build.7")]
    public async Task The_same_version_again_is_409_because_versions_are_immutable(string first, string second)
    {
        var (client, agentId) = await NewAgentAsync();
        Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, TestAgents.EchoVersion(first, Endpoint))).StatusCode);

        var changed = TestAgents.EchoVersion(second, "http://127.0.0.1:10");
        changed["changelog"] = "Trying to overwrite.";
        var again = await client.PublishVersionAsync(agentId, changed);

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        var stored = await (await client.GetAsync($"/api/v1/agents/{agentId}/versions/{first}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("First release.", stored.GetProperty("version").GetProperty("changelog").GetString());
        Assert.Equal(new Uri(Endpoint).AbsoluteUri, stored.GetProperty("version").GetProperty("endpointUrl").GetString());
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    [InlineData("01.0.0")]
    [InlineData("1.0.0-")]
    [InlineData("latest")]
    public async Task Invalid_semver_is_a_400_naming_version(string version)
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion(version, Endpoint));

        await response.AssertValidationErrorAsync("version");
    }

    [Theory]
    [InlineData("ftp://example.com/agent")]
    [InlineData("not a url")]
    [InlineData("file:///etc/passwd")]
    public async Task A_non_http_endpoint_is_a_400_naming_endpointUrl(string url)
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", url));

        await response.AssertValidationErrorAsync("endpointUrl");
    }

    [Fact]
    public async Task An_unknown_protocol_is_a_400_naming_protocol()
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", Endpoint, protocol: "grpc"));

        await response.AssertValidationErrorAsync("protocol");
    }

    [Fact]
    public async Task An_invalid_json_schema_is_a_400_naming_the_schema()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint);
        body["capabilities"]![0]!["inputSchema"] = new JsonObject { ["type"] = "strng" };
        body["capabilities"]![0]!["outputSchema"] = new JsonObject { ["$schema"] = "http://json-schema.org/draft-07/schema#" };

        var response = await client.PublishVersionAsync(agentId, body);

        var problem = await response.AssertValidationErrorAsync("capabilities[0].inputSchema");
        Assert.True(problem.GetProperty("errors").TryGetProperty("capabilities[0].outputSchema", out _));
    }

    [Fact]
    public async Task An_example_that_breaks_its_own_input_schema_is_a_400()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint);
        body["capabilities"]![0]!["examples"]![0]!["input"] = new JsonObject { ["words"] = 3 };

        var response = await client.PublishVersionAsync(agentId, body);

        await response.AssertValidationErrorAsync("capabilities[0].examples[0].input");
    }

    [Fact]
    public async Task An_expected_output_that_breaks_the_output_schema_is_a_400()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint);
        body["capabilities"]![0]!["examples"]![0]!["expectedOutput"] = new JsonObject { ["text"] = 42 };

        var response = await client.PublishVersionAsync(agentId, body);

        await response.AssertValidationErrorAsync("capabilities[0].examples[0].expectedOutput");
    }

    [Fact]
    public async Task A_version_needs_capabilities_with_unique_names()
    {
        var (client, agentId) = await NewAgentAsync();
        var none = TestAgents.EchoVersion("1.0.0", Endpoint);
        none["capabilities"] = new JsonArray();
        var twice = TestAgents.EchoVersion("1.0.1", Endpoint);
        ((JsonArray)twice["capabilities"]!).Add(twice["capabilities"]![0]!.DeepClone());

        await (await client.PublishVersionAsync(agentId, none)).AssertValidationErrorAsync("capabilities");
        await (await client.PublishVersionAsync(agentId, twice)).AssertValidationErrorAsync("capabilities");
    }

    [Fact]
    public async Task Publishing_on_someone_elses_agent_is_404()
    {
        var (_, agentId) = await NewAgentAsync();
        using var other = api.ClientFor(await api.PublisherAsync());

        var response = await other.PublishVersionAsync(agentId, TestAgents.EchoVersion("9.9.9", Endpoint));

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deprecation_records_the_reason_and_is_owner_only()
    {
        var (client, agentId) = await NewAgentAsync();
        await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", Endpoint));
        using var other = api.ClientFor(await api.PublisherAsync());

        var byOther = await other.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions/1.0.0/deprecate", new { reason = "mine now" });
        var noReason = await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions/1.0.0/deprecate", new { });
        var unknown = await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions/2.0.0/deprecate", new { reason = "x" });
        var deprecated = await client.PostAsJsonAsync($"/api/v1/agents/{agentId}/versions/1.0.0/deprecate",
            new { reason = "Security fix in 1.0.1." });

        await byOther.AssertProblemAsync(HttpStatusCode.NotFound);
        await noReason.AssertValidationErrorAsync("reason");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        var body = await deprecated.JsonAsync(HttpStatusCode.OK);
        Assert.True(body.GetProperty("deprecated").GetBoolean());
        Assert.Equal("Security fix in 1.0.1.", body.GetProperty("deprecationReason").GetString());
    }

    [Fact]
    public async Task Verifying_someone_elses_version_is_404_and_a_consumer_gets_403()
    {
        var (client, agentId) = await NewAgentAsync();
        await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", Endpoint));
        using var other = api.ClientFor(await api.PublisherAsync());
        using var consumer = api.ClientFor(await api.RegisterAsync());

        await (await other.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await consumer.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task An_unreachable_agent_fails_verification_with_the_reason_not_a_500()
    {
        var (client, agentId) = await NewAgentAsync();
        await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", Endpoint));

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        var result = report.GetProperty("results")[0];
        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Contains("could not be reached", result.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
