using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>A2A 1.0 beside 0.3: card import, verification and invocation against the sample agent's real /a2a endpoint.</summary>
public sealed class A2AV10Tests(ProtocolsFactory api, SampleAgentHost agent, McpTestServer server)
    : IClassFixture<ProtocolsFactory>, IClassFixture<SampleAgentHost>, IClassFixture<McpTestServer>
{
    private async Task<(HttpClient Client, Guid AgentId)> NewAgentAsync()
    {
        var client = api.ClientFor(await api.PublisherAsync());
        return (client, (await client.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_1_0_card_imports_as_a_1_0_version_that_verifies_deploys_and_invokes_with_SendMessage()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();

        var imported = await (await publisher.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug("a2a10")}", card))
            .JsonAsync(HttpStatusCode.Created);

        var version = imported.GetProperty("version").GetProperty("version");
        Assert.Equal("a2a", version.GetProperty("protocol").GetString());
        Assert.Equal("1.0", version.GetProperty("protocolVersion").GetString());
        Assert.Equal(agent.A2AUrl, version.GetProperty("endpointUrl").GetString());
        var agentId = imported.GetProperty("agent").GetProperty("id").GetGuid();
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());

        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deployment = (await consumer.DeployAsync(agentId)).GetProperty("id").GetGuid();
        var invoked = await (await consumer.InvokeAsync(deployment, "word-count", new { text = "one two three" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, invoked.GetProperty("output").GetProperty("words").GetInt32());
        Assert.Equal(3, invoked.GetProperty("usage").GetProperty("units").GetInt64());
    }

    [Fact]
    public async Task The_same_card_without_its_1_0_interfaces_imports_as_0_3()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();
        card.Remove("supportedInterfaces");

        var imported = await (await publisher.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug("a2a03")}", card))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal("0.3", imported.GetProperty("version").GetProperty("version").GetProperty("protocolVersion").GetString());
        var agentId = imported.GetProperty("agent").GetProperty("id").GetGuid();
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_1_0_card_is_called_at_its_first_json_rpc_interface_in_that_interfaces_version()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();
        card["supportedInterfaces"] = JsonNode.Parse($$"""
            [{"url":"https://grpc.example.com/a2a","protocolBinding":"GRPC","protocolVersion":"1.0"},
             {"url":"{{agent.A2AUrl}}","protocolBinding":"JSONRPC","protocolVersion":"0.3"}]
            """);

        var imported = await (await publisher.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", card))
            .JsonAsync(HttpStatusCode.Created);

        Assert.Equal("0.3", imported.GetProperty("version").GetProperty("version").GetProperty("protocolVersion").GetString());
    }

    [Theory]
    [InlineData("""[{"url":"https://grpc.example.com/a2a","protocolBinding":"GRPC","protocolVersion":"1.0"}]""")]
    [InlineData("""[{"url":"https://example.com/a2a","protocolBinding":"JSONRPC","protocolVersion":"2.0"}]""")]
    [InlineData("""[{"url":"not a url","protocolBinding":"JSONRPC","protocolVersion":"1.0"}]""")]
    public async Task A_1_0_card_without_a_usable_json_rpc_interface_is_a_400_naming_supportedInterfaces(string interfaces)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();
        card["supportedInterfaces"] = JsonNode.Parse(interfaces);

        var response = await publisher.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", card);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("supportedInterfaces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_version_without_protocolVersion_speaks_0_3()
    {
        var (client, agentId) = await NewAgentAsync();

        var created = await (await client.PublishVersionAsync(agentId, ProtocolVersions.A2A("1.0.0", agent.A2AUrl, null))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("0.3", created.GetProperty("version").GetProperty("protocolVersion").GetString());
        Assert.Equal("verified", (await client.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("a2a", "2.0")]
    [InlineData("http-json", "1.0")]
    public async Task A_protocolVersion_the_protocol_does_not_have_is_a_400(string protocol, string protocolVersion)
    {
        var (client, agentId) = await NewAgentAsync();
        var body = ProtocolVersions.A2A("1.0.0", agent.A2AUrl, protocolVersion);
        body["protocol"] = protocol;

        var response = await client.PublishVersionAsync(agentId, body);

        await response.AssertValidationErrorAsync("protocolVersion");
    }

    [Fact]
    public async Task A_1_0_version_of_an_agent_that_only_speaks_0_3_fails_verification_saying_so()
    {
        var (client, agentId) = await NewAgentAsync();
        await (await client.PublishVersionAsync(agentId, ProtocolVersions.A2A("1.0.0", server.BaseUrl + "/a2a-v03-only", "1.0")))
            .JsonAsync(HttpStatusCode.Created);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        var error = report.GetProperty("results")[0].GetProperty("error").GetString();
        Assert.Contains("-32601", error, StringComparison.Ordinal);
        Assert.Contains("protocolVersion \"0.3\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_agent_registered_as_0_3_verifies()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = ProtocolVersions.A2A("1.0.0", server.BaseUrl + "/a2a-v03-only", "0.3");
        body["capabilities"]![0]!["examples"]![0]!.AsObject().Remove("expectedOutput");
        await (await client.PublishVersionAsync(agentId, body)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("verified", (await client.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
    }
}
