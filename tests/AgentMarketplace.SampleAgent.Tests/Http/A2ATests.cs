using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class A2ATests
{
    [Fact]
    public async Task MessageSend_with_a_data_part_answers_an_agent_message_with_the_output_as_data()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.Send(
            "word-count", A2AMessages.DataPart(new JsonObject { ["text"] = "one two three" })));

        Assert.Equal("2.0", (string?)response["jsonrpc"]);
        Assert.Equal("request-1", (string?)response["id"]);
        Assert.Null(response["error"]);
        var result = response["result"]!;
        Assert.Equal("message", (string?)result["kind"]);
        Assert.Equal("agent", (string?)result["role"]);
        Assert.True(Guid.TryParse((string?)result["messageId"], out _));
        var expectedParts = JsonNode.Parse("""[{"kind":"data","data":{"words":3,"characters":13}}]""");
        Assert.True(JsonNode.DeepEquals(expectedParts, result["parts"]), result.ToJsonString());
        Assert.Equal(3, (int)result["metadata"]!["usage"]!["units"]!);
    }

    [Fact]
    public async Task MessageSend_with_text_parts_uses_them_joined_as_the_text()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.Send(
            "echo", A2AMessages.TextPart("Hello, "), A2AMessages.TextPart("agent!")));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"text":"Hello, agent!"}"""), response["result"]!["parts"]![0]!["data"]));
    }

    [Fact]
    public async Task MessageSend_prefers_the_data_part_over_text_parts()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.Send(
            "echo", A2AMessages.TextPart("ignored"), A2AMessages.DataPart(new JsonObject { ["text"] = "from data" })));

        Assert.Equal("from data", (string?)response["result"]!["parts"]![0]!["data"]!["text"]);
    }

    [Fact]
    public async Task MessageSend_reads_the_skill_id_from_params_metadata()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.SendWithSkillInParams(
            "sentiment", A2AMessages.TextPart("This is not bad.")));

        Assert.Equal("positive", (string?)response["result"]!["parts"]![0]!["data"]!["label"]);
    }

    [Fact]
    public async Task Unknown_method_is_error_32601()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync("""{"jsonrpc":"2.0","id":9,"method":"tasks/get","params":{}}""");

        Assert.Equal(9, (int)response["id"]!);
        Assert.Equal(-32601, (int)response["error"]!["code"]!);
        Assert.Null(response["result"]);
    }

    [Fact]
    public async Task Unknown_skill_is_error_32602()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.Send("translate", A2AMessages.TextPart("hola")));

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        Assert.Contains("translate", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task Input_that_breaks_the_skill_schema_is_error_32602()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(A2AMessages.Send(
            "summarize", A2AMessages.DataPart(new JsonObject { ["text"] = "One. Two.", ["maxSentences"] = 99 })));

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        Assert.Contains("maxSentences", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task A_message_without_a_skill_id_is_error_32602()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync("""
            {"jsonrpc":"2.0","id":1,"method":"message/send",
             "params":{"message":{"role":"user","messageId":"m","kind":"message","parts":[{"kind":"text","text":"hi"}]}}}
            """);

        Assert.Equal(-32602, (int)response["error"]!["code"]!);
        Assert.Contains("skillId", (string?)response["error"]!["message"]);
    }

    [Fact]
    public async Task Malformed_json_is_error_32700_with_a_null_id()
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync("""{"jsonrpc":"2.0","id":1,"method":""");

        Assert.Equal(-32700, (int)response["error"]!["code"]!);
        Assert.True(response.ContainsKey("id"));
        Assert.Null(response["id"]);
    }

    [Theory]
    [InlineData("""{"id":3,"method":"message/send","params":{}}""")]
    [InlineData("""{"jsonrpc":"1.0","id":3,"method":"message/send","params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":3,"params":{}}""")]
    [InlineData("""[{"jsonrpc":"2.0","id":3,"method":"message/send"}]""")]
    public async Task A_request_that_is_not_json_rpc_2_is_error_32600(string body)
    {
        await using var agent = await RunningAgent.StartAsync();

        var response = await agent.CallA2AAsync(body);

        Assert.Equal(-32600, (int)response["error"]!["code"]!);
    }
}
