using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using AgentMarketplace.IntegrationTests.Infrastructure;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.IntegrationTests.McpEdge;

/// <summary>
/// `POST /mcp` driven by the official SDK's client: the caller's deployments as tools, called through the
/// gateway against the sample agent over real HTTP.
/// </summary>
public sealed partial class McpEndpointTests(McpEdgeFactory api, SampleAgentHost agent)
    : IClassFixture<McpEdgeFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    private static readonly string[] SampleCapabilities = ["echo", "sentiment", "summarize", "word-count"];

    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,128}$")]
    private static partial Regex McpToolName();

    private async Task<(TestUser User, HttpClient Client, Guid AgentId, Guid DeploymentId)> DeployedAsync(object? pricing = null)
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Text Tools " + Guid.NewGuid().ToString("N")[..6], Pricing: pricing));
        var user = await api.RegisterAsync();
        var client = api.ClientFor(user);
        return (user, client, listed.AgentId, (await client.DeployAsync(listed.AgentId)).GetProperty("id").GetGuid());
    }

    /// <summary>A second deployment of the agent for the same user, in staging.</summary>
    private static async Task<Guid> StagingAsync(HttpClient client, Guid agentId) =>
        (await (await client.PostAsJsonAsync("/api/v1/deployments", new { agentId, environment = "staging" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

    private static Dictionary<string, object?> Text(string text) => new() { ["text"] = text };

    private static McpClientTool ToolOf(IEnumerable<McpClientTool> tools, Guid deploymentId, string capability) =>
        tools.Single(t => t.Name.EndsWith("_" + capability, StringComparison.Ordinal)
            && t.Description.Contains(deploymentId.ToString(), StringComparison.Ordinal));

    private static string TextOf(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static async Task<JsonElement> QuotaAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK)).GetProperty("used");

    [Fact]
    public async Task Tools_are_the_capabilities_of_the_callers_live_deployments()
    {
        var (user, client, agentId, production) = await DeployedAsync();
        var staging = await StagingAsync(client, agentId);
        await using var mcp = await api.McpClientForAsync(user);

        var tools = await mcp.ListDeploymentToolsAsync();

        Assert.Equal(8, tools.Count);
        Assert.Equal(8, tools.Select(t => t.Name).Distinct().Count());
        Assert.All(tools, t => Assert.Matches(McpToolName(), t.Name));
        foreach (var deployment in new[] { production, staging })
        {
            foreach (var capability in SampleCapabilities)
            {
                var tool = ToolOf(tools, deployment, capability);
                Assert.Contains("Text Tools", tool.Description, StringComparison.Ordinal);
                Assert.Equal("object", tool.ProtocolTool.InputSchema.GetProperty("type").GetString());
                Assert.Equal("object", tool.ProtocolTool.OutputSchema!.Value.GetProperty("type").GetString());
            }
        }

        var wordCount = ToolOf(tools, production, "word-count").ProtocolTool.InputSchema;
        Assert.Equal("string", wordCount.GetProperty("properties").GetProperty("text").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_call_answers_structured_content_its_json_as_text_and_its_usage()
    {
        var (user, _, _, deployment) = await DeployedAsync();
        await using var mcp = await api.McpClientForAsync(user);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "word-count");

        var result = await mcp.CallToolAsync(tool.Name, Text("one two three four"));

        Assert.NotEqual(true, result.IsError);
        Assert.Equal(4, result.StructuredContent!.Value.GetProperty("words").GetInt32());
        Assert.Equal(4, JsonDocument.Parse(TextOf(result)).RootElement.GetProperty("words").GetInt32());
        var invocation = result.Meta!["io.agentmarketplace/invocation"]!;
        Assert.Equal(4, invocation["usage"]!["units"]!.GetValue<long>());
        Assert.Equal(deployment, invocation["deploymentId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_call_is_metered_billed_and_monitored_exactly_as_one_through_invoke()
    {
        var (user, client, agentId, throughInvoke) = await DeployedAsync(TestCatalog.PerCall(7));
        var throughMcp = await StagingAsync(client, agentId);
        await using var mcp = await api.McpClientForAsync(user);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), throughMcp, "word-count");

        var invoked = await (await client.InvokeAsync(throughInvoke, "word-count", new { text = "a b c" })).JsonAsync(HttpStatusCode.OK);
        var called = await mcp.CallToolAsync(tool.Name, Text("a b c"));

        Assert.Equal(invoked.GetProperty("output").GetRawText(), called.StructuredContent!.Value.GetRawText());
        var used = await QuotaAsync(client);
        Assert.Equal(2, used.GetProperty("callsThisMonth").GetInt64());
        Assert.Equal(14, used.GetProperty("spendThisMonthCents").GetInt64());
        var usage = await (await client.GetAsync("/api/v1/billing/usage")).JsonAsync(HttpStatusCode.OK);
        var lines = usage.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("deploymentId").GetGuid());
        Assert.Equal(
            (lines[throughInvoke].GetProperty("calls").GetInt64(), lines[throughInvoke].GetProperty("units").GetInt64(), lines[throughInvoke].GetProperty("amountCents").GetInt64()),
            (lines[throughMcp].GetProperty("calls").GetInt64(), lines[throughMcp].GetProperty("units").GetInt64(), lines[throughMcp].GetProperty("amountCents").GetInt64()));
        Assert.Equal(7, lines[throughMcp].GetProperty("amountCents").GetInt64());
        var invokeMonitoring = await (await client.GetAsync($"/api/v1/deployments/{throughInvoke}/monitoring")).JsonAsync(HttpStatusCode.OK);
        var mcpMonitoring = await (await client.GetAsync($"/api/v1/deployments/{throughMcp}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, mcpMonitoring.GetProperty("requests").GetInt64());
        Assert.Equal(invokeMonitoring.GetProperty("requests").GetInt64(), mcpMonitoring.GetProperty("requests").GetInt64());
        Assert.Equal(invokeMonitoring.GetProperty("errors").GetInt64(), mcpMonitoring.GetProperty("errors").GetInt64());
    }

    [Fact]
    public async Task An_exhausted_quota_is_an_error_result_naming_the_quota()
    {
        var (user, client, _, deployment) = await DeployedAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { callsPerMonth = 1 })).StatusCode);
        await using var mcp = await api.McpClientForAsync(user);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "echo");
        Assert.NotEqual(true, (await mcp.CallToolAsync(tool.Name, Text("first"))).IsError);

        var refused = await mcp.CallToolAsync(tool.Name, Text("second"));

        Assert.True(refused.IsError);
        Assert.Contains("Quota", TextOf(refused), StringComparison.Ordinal);
        Assert.Contains("429", TextOf(refused), StringComparison.Ordinal);
        Assert.Equal(429, refused.Meta!["io.agentmarketplace/error"]!["status"]!.GetValue<int>());
        Assert.Equal(1, (await QuotaAsync(client)).GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task A_reached_spend_limit_is_an_error_result_and_nothing_is_spent()
    {
        var (user, client, _, deployment) = await DeployedAsync(TestCatalog.PerCall(50));
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK,
            (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { monthlySpendLimitCents = 40 })).StatusCode);
        await using var mcp = await api.McpClientForAsync(user);

        var refused = await mcp.CallToolAsync(ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "echo").Name, Text("too dear"));

        Assert.True(refused.IsError);
        Assert.Contains("Spend limit", TextOf(refused), StringComparison.Ordinal);
        Assert.Equal(402, refused.Meta!["io.agentmarketplace/error"]!["status"]!.GetValue<int>());
        Assert.Equal(0, (await QuotaAsync(client)).GetProperty("spendThisMonthCents").GetInt64());
    }

    [Fact]
    public async Task Input_that_breaks_the_schema_is_an_error_result_and_nothing_is_counted()
    {
        var (user, client, _, deployment) = await DeployedAsync();
        await using var mcp = await api.McpClientForAsync(user);

        var refused = await mcp.CallToolAsync(ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "word-count").Name,
            new Dictionary<string, object?> { ["text"] = 42 });

        Assert.True(refused.IsError);
        Assert.Contains("Invalid input", TextOf(refused), StringComparison.Ordinal);
        Assert.Equal("input", refused.Meta!["io.agentmarketplace/error"]!["field"]!.GetValue<string>());
        Assert.Equal(0, (await QuotaAsync(client)).GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task An_agent_that_fails_is_an_error_result_and_the_failure_is_monitored()
    {
        await using var doomed = new SampleAgentHost();
        await doomed.InitializeAsync();
        var published = await api.PublishSampleAsync(doomed);
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        var deployment = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        await using var mcp = await api.McpClientForAsync(user);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "echo");
        await ((IAsyncDisposable)doomed).DisposeAsync();

        var failed = await mcp.CallToolAsync(tool.Name, Text("anyone?"));

        Assert.True(failed.IsError);
        Assert.Contains("Agent failure", TextOf(failed), StringComparison.Ordinal);
        Assert.Equal(502, failed.Meta!["io.agentmarketplace/error"]!["status"]!.GetValue<int>());
        Assert.Equal(0, (await QuotaAsync(client)).GetProperty("callsThisMonth").GetInt64());
        var monitoring = await (await client.GetAsync($"/api/v1/deployments/{deployment}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(502, monitoring.GetProperty("lastError").GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Another_users_deployment_is_neither_listed_nor_callable()
    {
        var (owner, ownerClient, _, deployment) = await DeployedAsync();
        await using var ownerMcp = await api.McpClientForAsync(owner);
        var ownersTool = ToolOf(await ownerMcp.ListDeploymentToolsAsync(), deployment, "echo");
        var stranger = await api.RegisterAsync();
        await using var strangerMcp = await api.McpClientForAsync(stranger);

        Assert.Empty(await strangerMcp.ListDeploymentToolsAsync());
        var refused = await Assert.ThrowsAsync<McpProtocolException>(async () => await strangerMcp.CallToolAsync(ownersTool.Name, Text("mine now")));

        Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
        Assert.Equal(0, (await QuotaAsync(ownerClient)).GetProperty("callsThisMonth").GetInt64());
        using var strangerClient = api.ClientFor(stranger);
        Assert.Equal(0, (await QuotaAsync(strangerClient)).GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task A_stopped_deployments_tools_leave_the_list_and_are_unknown()
    {
        var (user, client, _, deployment) = await DeployedAsync();
        await using var mcp = await api.McpClientForAsync(user);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "echo");

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/deployments/{deployment}")).StatusCode);

        Assert.Empty(await mcp.ListDeploymentToolsAsync());
        var refused = await Assert.ThrowsAsync<McpProtocolException>(async () => await mcp.CallToolAsync(tool.Name, Text("still there?")));
        Assert.Equal(McpErrorCode.InvalidParams, refused.ErrorCode);
        Assert.Equal(0, (await QuotaAsync(client)).GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task A_listening_client_is_told_when_a_deployment_is_created_or_stopped()
    {
        var (user, client, agentId, deployment) = await DeployedAsync();
        await using var mcp = await api.McpClientForAsync(user);
        Assert.True(mcp.ServerCapabilities.Tools?.ListChanged);
        var changes = 0;
        var acknowledged = false;
        await using var onChange = mcp.RegisterNotificationHandler(NotificationMethods.ToolListChangedNotification, (_, _) =>
        {
            Interlocked.Increment(ref changes);
            return ValueTask.CompletedTask;
        });
        await using var onAcknowledged = mcp.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (_, _) =>
        {
            acknowledged = true;
            return ValueTask.CompletedTask;
        });
        using var listening = new CancellationTokenSource();
        var listen = mcp.SendRequestAsync<SubscriptionsListenRequestParams, EmptyResult>(RequestMethods.SubscriptionsListen,
            new SubscriptionsListenRequestParams { Notifications = new SubscriptionsListenNotifications { ToolsListChanged = true } },
            McpJsonUtilities.DefaultOptions, cancellationToken: listening.Token).AsTask();
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref acknowledged)), Eventually.Timeout, "the subscription should be acknowledged");

        var staging = await StagingAsync(client, agentId);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref changes) >= 1), Eventually.Timeout, "a new deployment should change the list");
        Assert.Equal(8, (await mcp.ListDeploymentToolsAsync()).Count);

        var before = Volatile.Read(ref changes);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/deployments/{staging}")).StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref changes) > before), Eventually.Timeout, "a stopped deployment should change the list");
        var tools = await mcp.ListDeploymentToolsAsync();
        Assert.Equal(4, tools.Count);
        Assert.All(tools, t => Assert.Contains(deployment.ToString(), t.Description, StringComparison.Ordinal));

        await listening.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listen);
    }

    [Fact]
    public async Task An_api_key_works_until_it_is_revoked_then_the_endpoint_answers_401()
    {
        var (_, client, _, deployment) = await DeployedAsync();
        var key = await (await client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "mcp" })).JsonAsync(HttpStatusCode.Created);
        await using var mcp = await api.McpClientWithApiKeyAsync(key.GetProperty("key").GetString()!);
        var tool = ToolOf(await mcp.ListDeploymentToolsAsync(), deployment, "echo");
        Assert.NotEqual(true, (await mcp.CallToolAsync(tool.Name, Text("with a key"))).IsError);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/users/me/api-keys/{key.GetProperty("id").GetGuid()}")).StatusCode);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () => await mcp.CallToolAsync(tool.Name, Text("revoked")));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, (await QuotaAsync(client)).GetProperty("callsThisMonth").GetInt64());
    }
}
