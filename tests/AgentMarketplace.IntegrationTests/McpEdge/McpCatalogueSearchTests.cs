using System.Net;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.IntegrationTests.McpEdge;

/// <summary>`marketplace_search`, the tool every caller of `/mcp` has, driven by the official SDK's client.</summary>
public sealed class McpCatalogueSearchTests(McpEdgeFactory api, SampleAgentHost agent)
    : IClassFixture<McpEdgeFactory>, IClassFixture<SampleAgentHost>
{
    private static JsonElement Items(CallToolResult result) => result.StructuredContent!.Value.GetProperty("items");

    [Fact]
    public async Task A_caller_without_deployments_has_the_search_tool_and_finds_a_listed_agent_by_a_misspelt_word()
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Zephyrine Summaries", Categories: ["summarization"]));
        var user = await api.RegisterAsync();
        await using var mcp = await api.McpClientForAsync(user);

        var tool = Assert.Single(await mcp.ListToolsAsync());
        Assert.Equal("marketplace_search", tool.Name);
        Assert.True(tool.ProtocolTool.Annotations?.ReadOnlyHint);

        var found = await Eventually.ValueAsync(
            () => mcp.CallToolAsync(tool.Name, new Dictionary<string, object?> { ["query"] = "zephyrne", ["limit"] = 5 }).AsTask(),
            result => Items(result).GetArrayLength() > 0, Eventually.Timeout, "the listed agent should be found by a misspelt word");

        Assert.NotEqual(true, found.IsError);
        var hit = Items(found)[0];
        Assert.Equal(listed.AgentId, hit.GetProperty("agentId").GetGuid());
        Assert.Equal(listed.Name, hit.GetProperty("name").GetString());
        Assert.True(hit.GetProperty("verified").GetBoolean());
        Assert.Equal("free", hit.GetProperty("pricing").GetProperty("model").GetString());
        Assert.Equal(JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(found.Content)).Text).RootElement.GetRawText(),
            found.StructuredContent!.Value.GetRawText());
    }

    [Fact]
    public async Task Filters_narrow_the_results_and_a_search_is_neither_metered_nor_counted()
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Quillwright Digest", Categories: ["summarization"]));
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        await using var mcp = await api.McpClientForAsync(user);

        var inCategory = await Eventually.ValueAsync(
            () => mcp.CallToolAsync("marketplace_search", new Dictionary<string, object?> { ["query"] = "quillwright", ["category"] = "summarization" }).AsTask(),
            result => Items(result).GetArrayLength() > 0, Eventually.Timeout, "the listed agent should be found in its category");
        var elsewhere = await mcp.CallToolAsync("marketplace_search", new Dictionary<string, object?> { ["query"] = "quillwright", ["category"] = "translation" });

        Assert.Contains(Items(inCategory).EnumerateArray(), i => i.GetProperty("agentId").GetGuid() == listed.AgentId);
        Assert.Equal(0, Items(elsewhere).GetArrayLength());
        var quota = (await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK)).GetProperty("used");
        Assert.Equal(0, quota.GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task A_minimum_success_rate_keeps_the_agents_whose_real_calls_reach_it()
    {
        // Twenty good calls through the gateway are the minimum for a measured rate; the other agent has none.
        var tag = "measured-" + Guid.NewGuid().ToString("N")[..8];
        var measured = await api.ListAsync(agent, new CatalogEntry("Tessellate Counter", Tags: [tag]));
        var unmeasured = await api.ListAsync(agent, new CatalogEntry("Tessellate Spare", Tags: [tag]));
        await api.ListAsync(agent, new CatalogEntry("Tessellate Elsewhere", Tags: ["elsewhere-" + tag]));
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        await client.UseSampleAsync(measured.AgentId, calls: 20);

        await using var mcp = await api.McpClientForAsync(user);
        Task<CallToolResult> SearchAsync(double? minSuccessRate) => mcp.CallToolAsync("marketplace_search", new Dictionary<string, object?>
        {
            ["query"] = "tessellate", ["tag"] = tag, ["minSuccessRate"] = minSuccessRate,
        }).AsTask();

        var reliable = await Eventually.ValueAsync(() => SearchAsync(0.99),
            result => Items(result).GetArrayLength() > 0, Eventually.Timeout, "the measured agent's rate should reach search");
        var both = await SearchAsync(null);

        var hit = Assert.Single(Items(reliable).EnumerateArray());
        Assert.Equal(measured.AgentId, hit.GetProperty("agentId").GetGuid());
        Assert.Equal(1.0, hit.GetProperty("successRate").GetDouble());
        Assert.Equal(new[] { measured.AgentId, unmeasured.AgentId }.Order(),
            Items(both).EnumerateArray().Select(i => i.GetProperty("agentId").GetGuid()).Order());
    }

    [Theory]
    [InlineData("limit", 500, "'limit' must be between 1 and 20.")]
    [InlineData("minSuccessRate", 1.5, "'minSuccessRate' must be between 0 and 1")]
    [InlineData("minRating", "high", "'minRating' must be a number.")]
    [InlineData("sort", "cheapest", "'sort' must be one of")]
    [InlineData("colour", "blue", "Unknown argument 'colour'")]
    public async Task A_bad_argument_is_an_isError_result_naming_it(string argument, object value, string expected)
    {
        var user = await api.RegisterAsync();
        await using var mcp = await api.McpClientForAsync(user);

        var refused = await mcp.CallToolAsync("marketplace_search", new Dictionary<string, object?> { [argument] = value });

        Assert.True(refused.IsError);
        Assert.Contains(expected, Assert.IsType<TextContentBlock>(Assert.Single(refused.Content)).Text, StringComparison.Ordinal);
    }
}
