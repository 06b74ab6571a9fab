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

    [Theory]
    [InlineData("limit", 500, "'limit' must be between 1 and 20.")]
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
