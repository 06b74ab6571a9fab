using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

/// <summary>A2A 1.0 on the same /a2a endpoint, picked by the `A2A-Version` header.</summary>
public class A2AV10Tests
{
    private static string SendMessage(string method, string skillId, JsonObject part) => new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = 7,
        ["method"] = method,
        ["params"] = new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(),
                ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(part),
                ["metadata"] = new JsonObject { ["skillId"] = skillId },
            },
        },
    }.ToJsonString();

    [Fact]
    public async Task SendMessage_answers_a_ROLE_AGENT_message_with_the_output_as_a_data_part()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(
            SendMessage("SendMessage", "word-count", new JsonObject { ["data"] = new JsonObject { ["text"] = "one two three" } }), "1.0");

        var message = response["result"]!["message"]!;
        Assert.Equal("ROLE_AGENT", (string?)message["role"]);
        Assert.False(string.IsNullOrEmpty((string?)message["contextId"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"words":3,"characters":13}"""), message["parts"]![0]!["data"]));
        Assert.Equal(3, (int)message["metadata"]!["usage"]!["units"]!);
    }

    [Fact]
    public async Task SendMessage_joins_text_parts()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(SendMessage("SendMessage", "echo", new JsonObject { ["text"] = "hi there" }), "1.0");

        Assert.Equal("hi there", (string?)response["result"]!["message"]!["parts"]![0]!["data"]!["text"]);
    }

    [Theory]
    [InlineData("SendMessage", null)]
    [InlineData("message/send", "1.0")]
    public async Task The_other_versions_method_is_method_not_found(string method, string? version)
    {
        await using var agent = await RunningAgent.StartAsync();
        var body = SendMessage(method, "echo", new JsonObject { ["text"] = "hi" });

        var response = version is null ? await agent.CallA2AAsync(body) : await agent.CallA2AAsync(body, version);

        Assert.Equal(-32601, (int)response["error"]!["code"]!);
    }

    [Fact]
    public async Task An_unknown_A2A_version_is_VersionNotSupported()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(SendMessage("SendMessage", "echo", new JsonObject { ["text"] = "hi" }), "2.0");

        Assert.Equal(-32009, (int)response["error"]!["code"]!);
    }

    [Fact]
    public async Task The_card_lists_both_json_rpc_interfaces_1_0_first()
    {
        await using var agent = await RunningAgent.StartAsync();

        var card = (await agent.GetAsync("/.well-known/agent-card.json")).Body!;

        var interfaces = card["supportedInterfaces"]!.AsArray();
        Assert.Equal(["1.0", "0.3"], interfaces.Select(i => (string?)i!["protocolVersion"]));
        Assert.All(interfaces, i =>
        {
            Assert.Equal("JSONRPC", (string?)i!["protocolBinding"]);
            Assert.Equal(agent.BaseUrl + "/a2a", (string?)i["url"]);
        });
    }
}
