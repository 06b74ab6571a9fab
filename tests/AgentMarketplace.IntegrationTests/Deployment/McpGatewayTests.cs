using System.Net;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Deployment;

/// <summary>Deployed MCP servers invoked through the gateway: output, metering, sessions and failures, over real HTTP.</summary>
public sealed class McpGatewayTests(ProtocolsFactory api, SampleAgentHost agent, McpTestServer server)
    : IClassFixture<ProtocolsFactory>, IClassFixture<SampleAgentHost>, IClassFixture<McpTestServer>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        server.Misbehave = false;
        return agent.SetFaultsAsync();
    }

    public Task DisposeAsync() => agent.SetFaultsAsync();

    /// <summary>Publishes the MCP server at <paramref name="endpointUrl"/>, verifies it while it behaves, and deploys it for a new consumer.</summary>
    private async Task<(HttpClient Consumer, Guid DeploymentId)> DeployedAsync(string endpointUrl, JsonArray? capabilities = null, object? config = null)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var agentId = (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid();
        await (await publisher.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", endpointUrl, capabilities))).JsonAsync(HttpStatusCode.Created);
        var report = await publisher.VerifyAsync(agentId, "1.0.0");
        Assert.True(report.GetProperty("status").GetString() == "verified", report.ToString());
        var consumer = api.ClientFor(await api.RegisterAsync());
        return (consumer, (await consumer.DeployAsync(agentId, config: config)).GetProperty("id").GetGuid());
    }

    private static async Task<long> CallsThisMonthAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK)).GetProperty("used").GetProperty("callsThisMonth").GetInt64();

    [Fact]
    public async Task The_sample_agents_tool_answers_its_structured_content_and_usage()
    {
        var (client, id) = await DeployedAsync(agent.McpUrl);

        var body = await (await client.InvokeAsync(id, "word-count", new { text = "one two three four" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(4, body.GetProperty("output").GetProperty("words").GetInt32());
        Assert.Equal(4, body.GetProperty("usage").GetProperty("units").GetInt64());
        Assert.Equal(1, await CallsThisMonthAsync(client));
    }

    [Fact]
    public async Task A_session_is_kept_so_a_call_is_one_request_and_a_restarted_server_gets_a_new_one()
    {
        var (client, id) = await DeployedAsync(server.McpUrl, OnlyLookup());
        await (await client.InvokeAsync(id, "lookup", new { key = "first" })).JsonAsync(HttpStatusCode.OK);

        var before = server.McpPosts;
        var second = await (await client.InvokeAsync(id, "lookup", new { key = "second" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, server.McpPosts - before);
        Assert.Equal(6, second.GetProperty("output").GetProperty("length").GetInt32());

        await server.RestartAsync();
        var afterRestart = await (await client.InvokeAsync(id, "lookup", new { key = "third" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("third", afterRestart.GetProperty("output").GetProperty("key").GetString());
        Assert.Equal(2, afterRestart.GetProperty("usage").GetProperty("units").GetInt64());
    }

    [Theory]
    [InlineData("refuses", HttpStatusCode.BadGateway, "reported an error")]
    [InlineData("huge", HttpStatusCode.BadGateway, "larger than")]
    [InlineData("hangs", HttpStatusCode.GatewayTimeout, "did not answer within")]
    public async Task A_failing_tool_is_a_problem_and_not_counted(string tool, HttpStatusCode status, string reason)
    {
        var (client, id) = await DeployedAsync(server.McpUrl);
        server.Misbehave = true;

        var response = await client.InvokeAsync(id, tool, new { key = "alpha" });

        var problem = await response.AssertProblemAsync(status);
        Assert.Contains(reason, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await CallsThisMonthAsync(client));
        var monitoring = await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((int)status, monitoring.GetProperty("lastError").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task After_a_failure_the_next_call_still_succeeds()
    {
        var (client, id) = await DeployedAsync(server.McpUrl);
        server.Misbehave = true;
        await (await client.InvokeAsync(id, "hangs", new { key = "alpha" })).AssertProblemAsync(HttpStatusCode.GatewayTimeout);

        var body = await (await client.InvokeAsync(id, "lookup", new { key = "alpha" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(5, body.GetProperty("output").GetProperty("length").GetInt32());
    }

    [Fact]
    public async Task Input_that_breaks_the_tools_input_schema_is_a_400_before_the_server_is_called()
    {
        var (client, id) = await DeployedAsync(server.McpUrl, OnlyLookup());
        var before = server.McpPosts;

        var response = await client.InvokeAsync(id, "lookup", new { key = 42 });

        await response.AssertValidationErrorAsync("input");
        Assert.Equal(before, server.McpPosts);
    }

    [Fact]
    public async Task A_gone_mcp_server_is_502_until_the_circuit_opens_then_503()
    {
        await using var doomed = new SampleAgentHost();
        await doomed.InitializeAsync();
        var (client, id) = await DeployedAsync(doomed.McpUrl);
        await ((IAsyncDisposable)doomed).DisposeAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await client.InvokeAsync(id, "echo", new { text = "anyone?" })).StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadGateway, 4), statuses.Take(4));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 2), statuses.Skip(4));
    }

    [Fact]
    public async Task The_deployments_config_reaches_the_tool_in_its_meta()
    {
        var (client, id) = await DeployedAsync(server.McpUrl, config: new { region = "eu" });

        var body = await (await client.InvokeAsync(id, "echo-config", new { key = "alpha" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("eu", body.GetProperty("output").GetProperty("config").GetProperty("region").GetString());
    }

    [Fact]
    public async Task A_deployment_of_an_mcp_server_is_provisioned_healthy_by_its_tool_list_and_an_example_call()
    {
        var (client, id) = await DeployedAsync(agent.McpUrl);

        var deployment = await (await client.GetAsync($"/api/v1/deployments/{id}")).JsonAsync(HttpStatusCode.OK);

        Assert.True("healthy" == deployment.GetProperty("status").GetString(), deployment.ToString());
    }

    private static JsonArray OnlyLookup() =>
    [
        new JsonObject
        {
            ["name"] = "lookup",
            ["examples"] = new JsonArray(new JsonObject { ["input"] = new JsonObject { ["key"] = "alpha" } }),
        },
    ];
}
