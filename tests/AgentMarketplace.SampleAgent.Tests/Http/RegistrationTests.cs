using System.Net;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class RegistrationTests
{
    [Fact]
    public async Task Registration_describes_an_http_json_version_served_by_this_agent()
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.GetAsync("/registration.json");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        var registration = answer.Body!;
        Assert.Equal("1.0.0", (string?)registration["version"]);
        Assert.Equal(agent.BaseUrl, (string?)registration["endpointUrl"]);
        Assert.Equal("http-json", (string?)registration["protocol"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)registration["changelog"]));
        var capabilities = registration["capabilities"]!.AsArray().Select(capability => capability!.AsObject()).ToList();
        Assert.Equal(["echo", "word-count", "sentiment", "summarize"], capabilities.Select(capability => (string?)capability["name"]));
        Assert.All(capabilities, capability =>
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)capability["description"]));
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)capability["inputSchema"]!["$schema"]);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)capability["outputSchema"]!["$schema"]);
            Assert.NotEmpty(capability["examples"]!.AsArray());
        });
    }

    [Fact]
    public async Task Registration_pins_expected_outputs_for_echo_and_word_count()
    {
        await using var agent = await RunningAgent.StartAsync();

        var capabilities = (await agent.GetAsync("/registration.json")).Body!["capabilities"]!.AsArray();

        foreach (var name in new[] { "echo", "word-count" })
        {
            var examples = capabilities.Single(capability => (string?)capability!["name"] == name)!["examples"]!.AsArray();
            Assert.All(examples, example => Assert.NotNull(example!["expectedOutput"]));
        }
    }

    [Fact]
    public async Task Invoking_each_example_answers_its_expected_output_exactly()
    {
        await using var agent = await RunningAgent.StartAsync();
        var capabilities = (await agent.GetAsync("/registration.json")).Body!["capabilities"]!.AsArray();

        foreach (var capability in capabilities)
        {
            foreach (var example in capability!["examples"]!.AsArray())
            {
                var answer = await agent.InvokeAsync((string)capability["name"]!, example!["input"]!);

                Assert.Equal(HttpStatusCode.OK, answer.Status);
                if (example["expectedOutput"] is { } expected)
                {
                    Assert.Equal(expected.ToJsonString(), answer.Body!["output"]!.ToJsonString());
                }
            }
        }
    }

    [Fact]
    public async Task Registration_takes_its_version_and_endpoint_from_configuration()
    {
        await using var agent = await RunningAgent.StartAsync(new()
        {
            ["Agent:PublicUrl"] = "https://agents.example.com/text",
            ["Agent:Version"] = "3.4.5",
        });

        var registration = (await agent.GetAsync("/registration.json")).Body!;

        Assert.Equal("3.4.5", (string?)registration["version"]);
        Assert.Equal("https://agents.example.com/text", (string?)registration["endpointUrl"]);
    }

    [Fact]
    public async Task Registration_omits_expectedOutput_where_none_is_pinned()
    {
        await using var agent = await RunningAgent.StartAsync();

        var summarize = (await agent.GetAsync("/registration.json")).Body!["capabilities"]!.AsArray()
            .Single(capability => (string?)capability!["name"] == "summarize")!;

        Assert.All(summarize["examples"]!.AsArray(), example => Assert.False(example!.AsObject().ContainsKey("expectedOutput")));
    }
}
