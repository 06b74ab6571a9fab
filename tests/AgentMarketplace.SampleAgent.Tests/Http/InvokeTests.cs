using System.Net;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class InvokeTests
{
    [Theory]
    [InlineData("echo", """{"text":"Hello, marketplace!"}""", """{"text":"Hello, marketplace!"}""", 2)]
    [InlineData("word-count", """{"text":"The quick brown fox jumps over the lazy dog"}""", """{"words":9,"characters":43}""", 9)]
    [InlineData("sentiment", """{"text":"The food was not good."}""", """{"label":"negative","score":-1}""", 5)]
    [InlineData("sentiment", """{"text":"What a wonderful, helpful team."}""", """{"label":"positive","score":1}""", 5)]
    [InlineData(
        "summarize",
        """{"text":"Cats are great pets. The weather is cold today. Many people keep cats as pets because cats are calm.","maxSentences":1}""",
        """{"summary":"Many people keep cats as pets because cats are calm.","sentences":1}""",
        19)]
    public async Task Invoke_returns_the_skill_output_and_usage_units(string capability, string input, string output, int units)
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.InvokeAsync(capability, JsonNode.Parse(input)!);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output), answer.Body!["output"]), answer.Body.ToJsonString());
        Assert.Equal(units, (int)answer.Body["usage"]!["units"]!);
    }

    [Fact]
    public async Task Invoke_of_an_unknown_capability_is_400_naming_it()
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.InvokeAsync("translate", new JsonObject { ["text"] = "hola" });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("translate", (string?)answer.Body!["error"]);
    }

    [Theory]
    [InlineData("""{"capability":"echo","input":""")]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("""{"capability":"echo","capability":"echo","input":{"text":"duplicate keys"}}""")]
    public async Task Invoke_with_malformed_json_is_400(string body)
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.PostAsync("/invoke", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("The body is not well-formed JSON.", (string?)answer.Body!["error"]);
    }

    [Theory]
    [InlineData("""["echo"]""", "JSON object")]
    [InlineData("""{"input":{"text":"hi"}}""", "`capability`")]
    [InlineData("""{"capability":"echo"}""", "`input`")]
    [InlineData("""{"capability":"echo","input":{}}""", "`input.text`")]
    [InlineData("""{"capability":"word-count","input":{"text":7}}""", "`input.text`")]
    [InlineData("""{"capability":"summarize","input":{"text":"One. Two.","maxSentences":0}}""", "`input.maxSentences`")]
    public async Task Invoke_with_a_request_that_breaks_the_contract_is_400_saying_what(string body, string named)
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.PostAsync("/invoke", body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(named, (string?)answer.Body!["error"]);
    }
}
