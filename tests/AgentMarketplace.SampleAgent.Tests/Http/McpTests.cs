using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;

namespace AgentMarketplace.SampleAgent.Tests.Http;

/// <summary>The skills as MCP tools, seen through the official SDK's client.</summary>
public class McpTests
{
    private static async Task<McpClient> ConnectAsync(RunningAgent agent) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(agent.BaseUrl + "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }));

    [Fact]
    public async Task Every_skill_is_a_tool_with_its_schemas_and_its_example_inputs()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var client = await ConnectAsync(agent);
        var registration = (await agent.GetAsync("/registration.json")).Body!;

        var tools = await client.ListToolsAsync();

        var capabilities = registration["capabilities"]!.AsArray();
        Assert.Equal(capabilities.Select(c => (string?)c!["name"]), tools.Select(t => t.Name));
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            var declared = capabilities.Single(c => (string?)c!["name"] == tool.Name)!;
            Assert.True(JsonNode.DeepEquals(declared["outputSchema"], JsonNode.Parse(tool.OutputSchema!.Value.GetRawText())));
            var input = JsonNode.Parse(tool.InputSchema.GetRawText())!.AsObject();
            Assert.Equal(declared["examples"]!.AsArray().Count, input["examples"]!.AsArray().Count);
            input.Remove("examples");
            Assert.True(JsonNode.DeepEquals(declared["inputSchema"], input));
        }
    }

    [Fact]
    public async Task A_call_answers_structured_content_and_its_units()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var client = await ConnectAsync(agent);

        var result = await client.CallToolAsync("word-count", new Dictionary<string, object?> { ["text"] = "one two three" });

        Assert.NotEqual(true, result.IsError);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"words":3,"characters":13}"""), JsonNode.Parse(result.StructuredContent!.Value.GetRawText())));
        Assert.Equal(3, (int)result.Meta!["usage"]!["units"]!);
    }

    [Fact]
    public async Task Refused_input_is_an_error_result()
    {
        await using var agent = await RunningAgent.StartAsync();
        await using var client = await ConnectAsync(agent);

        var result = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["words"] = 3 });

        Assert.True(result.IsError);
    }

    [Fact]
    public async Task The_server_json_names_the_mcp_endpoint_as_its_streamable_http_remote()
    {
        await using var agent = await RunningAgent.StartAsync();

        var serverJson = (await agent.GetAsync("/server.json")).Body!;

        Assert.Equal("streamable-http", (string?)serverJson["remotes"]![0]!["type"]);
        Assert.Equal(agent.BaseUrl + "/mcp", (string?)serverJson["remotes"]![0]!["url"]);
        Assert.Equal("1.0.0", (string?)serverJson["version"]);
        Assert.Equal(JsonValueKind.String, serverJson["name"]!.GetValueKind());
    }
}
