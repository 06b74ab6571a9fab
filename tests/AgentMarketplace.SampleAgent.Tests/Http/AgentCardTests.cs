using System.Net;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class AgentCardTests
{
    private const string CardPath = "/.well-known/agent-card.json";

    [Fact]
    public async Task AgentCard_has_the_A2A_shape_with_one_skill_per_capability()
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.GetAsync(CardPath);
        var registration = (await agent.GetAsync("/registration.json")).Body!;

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var card = answer.Body!;
        Assert.Equal("0.3.0", (string?)card["protocolVersion"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)card["name"]));
        Assert.False(string.IsNullOrWhiteSpace((string?)card["description"]));
        Assert.Equal(agent.BaseUrl + "/a2a", (string?)card["url"]);
        Assert.Equal("1.0.0", (string?)card["version"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)card["provider"]!["organization"]));
        Assert.Equal(agent.BaseUrl, (string?)card["provider"]!["url"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"streaming":false,"pushNotifications":false}"""), card["capabilities"]));
        Assert.Equal(["application/json", "text/plain"], Strings(card["defaultInputModes"]));
        Assert.Equal(["application/json"], Strings(card["defaultOutputModes"]));

        var skills = card["skills"]!.AsArray().Select(skill => skill!.AsObject()).ToList();
        var capabilities = registration["capabilities"]!.AsArray().Select(capability => (string?)capability!["name"]);
        Assert.Equal(capabilities, skills.Select(skill => (string?)skill["id"]));
        Assert.All(skills, skill =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)skill["name"]));
            Assert.False(string.IsNullOrWhiteSpace((string?)skill["description"]));
            Assert.NotEmpty(Strings(skill["tags"]));
            Assert.All(Strings(skill["examples"]), example => Assert.Contains(' ', example));
            Assert.Equal(["application/json", "text/plain"], Strings(skill["inputModes"]));
            Assert.Equal(["application/json"], Strings(skill["outputModes"]));
        });
    }

    [Fact]
    public async Task AgentCard_uses_the_configured_public_url_and_version()
    {
        await using var agent = await RunningAgent.StartAsync(new()
        {
            ["Agent:PublicUrl"] = "https://agents.example.com/text/",
            ["Agent:Version"] = "2.1.0",
        });

        var card = (await agent.GetAsync(CardPath)).Body!;

        Assert.Equal("https://agents.example.com/text/a2a", (string?)card["url"]);
        Assert.Equal("2.1.0", (string?)card["version"]);
    }

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(item => (string)item!)];
}
