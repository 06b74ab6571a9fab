using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>
/// Registering and verifying MCP servers over real HTTP: the sample agent's MCP endpoint and an
/// independently written test server, both built on the official SDK's server side.
/// </summary>
public sealed class McpRegistrationTests(ProtocolsFactory api, SampleAgentHost agent, McpTestServer server)
    : IClassFixture<ProtocolsFactory>, IClassFixture<SampleAgentHost>, IClassFixture<McpTestServer>
{
    private async Task<(HttpClient Client, Guid AgentId)> NewAgentAsync()
    {
        var client = api.ClientFor(await api.PublisherAsync());
        return (client, (await client.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    private static JsonArray Named(string tool, JsonObject? input = null, JsonObject? expectedOutput = null) =>
    [
        new JsonObject
        {
            ["name"] = tool,
            ["examples"] = new JsonArray(new JsonObject { ["input"] = input ?? new JsonObject { ["key"] = "alpha" }, ["expectedOutput"] = expectedOutput }),
        },
    ];

    [Fact]
    public async Task The_sample_agents_tools_become_its_capabilities_and_verify_with_their_schema_examples()
    {
        var (client, agentId) = await NewAgentAsync();

        var created = await (await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", agent.McpUrl))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("mcp", created.GetProperty("version").GetProperty("protocol").GetString());
        var capabilities = created.GetProperty("capabilities").EnumerateArray().ToList();
        var registration = await agent.RegistrationAsync("1.0.0");
        Assert.Equal(registration["capabilities"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()),
            capabilities.Select(c => c.GetProperty("name").GetString()));
        var wordCount = capabilities.Single(c => c.GetProperty("name").GetString() == "word-count");
        var declared = registration["capabilities"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "word-count")!;
        Assert.True(JsonNode.DeepEquals(declared["outputSchema"], JsonNode.Parse(wordCount.GetProperty("outputSchema").GetRawText())));
        Assert.NotEmpty(wordCount.GetProperty("examples").EnumerateArray());

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("verified", report.GetProperty("status").GetString());
        Assert.All(report.GetProperty("results").EnumerateArray(), r => Assert.True(r.GetProperty("passed").GetBoolean(), r.ToString()));
    }

    [Fact]
    public async Task Examples_given_by_tool_name_are_kept_and_their_expected_output_is_checked()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = ProtocolVersions.Mcp("1.0.0", server.McpUrl,
            Named("lookup", new JsonObject { ["key"] = "beta" }, new JsonObject { ["key"] = "beta", ["length"] = 4 }));

        var created = await (await client.PublishVersionAsync(agentId, body)).JsonAsync(HttpStatusCode.Created);

        var lookup = created.GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "lookup");
        Assert.Equal("beta", lookup.GetProperty("examples")[0].GetProperty("input").GetProperty("key").GetString());
        Assert.Equal(McpTestServer.Tools.Count, created.GetProperty("capabilities").GetArrayLength());
        var report = await client.VerifyAsync(agentId, "1.0.0");
        var result = report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("capability").GetString() == "lookup");
        Assert.True(result.GetProperty("passed").GetBoolean(), result.ToString());
    }

    [Fact]
    public async Task An_unknown_tool_name_is_a_400_naming_it()
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl, Named("no-such-tool")));

        var problem = await response.AssertValidationErrorAsync("capabilities[0].name");
        Assert.Contains("no-such-tool", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inputSchema")]
    [InlineData("outputSchema")]
    public async Task A_schema_that_differs_from_the_tools_is_a_400(string field)
    {
        var (client, agentId) = await NewAgentAsync();
        var capabilities = Named("lookup");
        capabilities[0]![field] = new JsonObject { ["type"] = "object" };

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl, capabilities));

        await response.AssertValidationErrorAsync($"capabilities[0].{field}");
    }

    [Fact]
    public async Task A_schema_equal_to_the_tools_is_accepted()
    {
        var (client, agentId) = await NewAgentAsync();
        var capabilities = Named("lookup");
        capabilities[0]!["inputSchema"] = McpTestServer.LookupInput();
        capabilities[0]!["outputSchema"] = McpTestServer.LookupOutput();

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl, capabilities));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("/html", "does not follow MCP")]
    [InlineData("/missing", "HTTP 404")]
    [InlineData("/jsonrpc-error", "JSON-RPC error")]
    [InlineData("/raw/bad-tools", "does not follow MCP")]
    [InlineData("/raw/empty-tools", "tools/list is empty")]
    [InlineData("/raw/huge-tools", "larger than")]
    [InlineData("/hang", "did not answer within")]
    public async Task A_server_that_is_not_a_usable_MCP_server_is_a_400_naming_endpointUrl(string path, string reason)
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.BaseUrl + path));

        var problem = await response.AssertValidationErrorAsync("endpointUrl");
        Assert.Contains(reason, problem.GetProperty("errors").GetProperty("endpointUrl")[0].GetString(), StringComparison.Ordinal);
        var page = await (await client.GetAsync($"/api/v1/agents/{agentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(page.GetProperty("versions").EnumerateArray());
    }

    [Theory]
    [InlineData("/raw/invalid-schema")]
    [InlineData("/raw/deep-schema")]
    public async Task A_tool_schema_beyond_the_platforms_bounds_is_a_400_naming_the_tool(string path)
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.BaseUrl + path));

        var problem = await response.AssertValidationErrorAsync("capabilities[0].inputSchema");
        Assert.Contains("Tool 'raw'", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("off-schema", "breaks outputSchema")]
    [InlineData("refuses", "The tool reported an error: Upstream refused")]
    [InlineData("hangs", "did not answer within")]
    [InlineData("huge", "larger than")]
    public async Task A_tool_that_misbehaves_fails_verification_with_the_reason(string tool, string reason)
    {
        var (client, agentId) = await NewAgentAsync();
        await (await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl))).JsonAsync(HttpStatusCode.Created);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        Assert.Equal("failed", report.GetProperty("status").GetString());
        var result = report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("capability").GetString() == tool);
        Assert.False(result.GetProperty("passed").GetBoolean());
        Assert.Contains(reason, result.GetProperty("error").GetString(), StringComparison.Ordinal);
        var lookup = report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("capability").GetString() == "lookup");
        Assert.True(lookup.GetProperty("passed").GetBoolean(), lookup.ToString());
    }

    [Fact]
    public async Task Text_content_is_the_output_when_a_tool_has_no_structured_content()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = ProtocolVersions.Mcp("1.0.0", server.McpUrl, new JsonArray(
            Named("json-text", expectedOutput: new JsonObject { ["key"] = "alpha", ["length"] = 5 })[0]!.DeepClone(),
            Named("plain-text", expectedOutput: new JsonObject { ["text"] = "The key is alpha." })[0]!.DeepClone()));
        await (await client.PublishVersionAsync(agentId, body)).JsonAsync(HttpStatusCode.Created);

        var report = await client.VerifyAsync(agentId, "1.0.0");

        foreach (var tool in new[] { "json-text", "plain-text" })
        {
            var result = report.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("capability").GetString() == tool);
            Assert.True(result.GetProperty("passed").GetBoolean(), result.ToString());
        }
    }

    [Theory]
    [InlineData("""{"protocol":"mcp","protocolVersion":"1.0"}""", "protocolVersion")]
    [InlineData("""{"protocol":"mcp","capabilities":[{"description":"no name"}]}""", "capabilities[0].name")]
    public async Task An_mcp_body_breaking_the_rules_is_a_400_before_the_server_is_asked(string overrides, string field)
    {
        var (client, agentId) = await NewAgentAsync();
        var body = ProtocolVersions.Mcp("1.0.0", server.McpUrl);
        foreach (var (key, value) in JsonNode.Parse(overrides)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }

        var before = server.McpPosts;
        var response = await client.PublishVersionAsync(agentId, body);

        await response.AssertValidationErrorAsync(field);
        Assert.Equal(before, server.McpPosts);
    }

    [Fact]
    public async Task The_version_view_of_an_mcp_version_has_no_protocol_version()
    {
        var (client, agentId) = await NewAgentAsync();

        var created = await (await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", agent.McpUrl))).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(JsonValueKind.Null, created.GetProperty("version").GetProperty("protocolVersion").ValueKind);
    }
}
