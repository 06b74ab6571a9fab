using System.Net;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.TrustAndSafety;

/// <summary>Schemas built to crash or stall the platform are refused at registration, and patterns cost callers nothing.</summary>
public sealed class HostileSchemaTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private async Task<(HttpClient Publisher, Guid AgentId)> NewAgentAsync()
    {
        var publisher = api.ClientFor(await api.PublisherAsync());
        return (publisher, (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    private JsonObject EchoWithInputSchema(JsonNode inputSchema)
    {
        var body = TestAgents.EchoVersion("1.0.0", agent.BaseUrl);
        body["capabilities"]![0]!["inputSchema"] = inputSchema;
        return body;
    }

    /// <summary>`$defs` a0 → … → a{links}, each a `$ref` to the next (about 35 bytes a link).</summary>
    private static JsonObject RefChain(int links)
    {
        var defs = new JsonObject();
        for (var i = 0; i < links; i++)
        {
            defs[$"a{i}"] = new JsonObject { ["$ref"] = $"#/$defs/a{i + 1}" };
        }

        defs[$"a{links}"] = new JsonObject { ["type"] = "object" };
        return new JsonObject { ["$ref"] = "#/$defs/a0", ["$defs"] = defs };
    }

    [Fact]
    public async Task A_twenty_thousand_link_ref_chain_is_a_400_and_the_service_keeps_answering()
    {
        var (publisher, agentId) = await NewAgentAsync();

        var response = await publisher.PublishVersionAsync(agentId, EchoWithInputSchema(RefChain(20_000)));

        await response.AssertValidationErrorAsync("capabilities[0].inputSchema");
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
        var sane = await publisher.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", agent.BaseUrl));
        Assert.Equal(HttpStatusCode.Created, sane.StatusCode);
    }

    [Fact]
    public async Task A_ref_chain_short_enough_to_send_but_too_deep_to_follow_is_a_400_naming_the_path()
    {
        var (publisher, agentId) = await NewAgentAsync();

        var problem = await (await publisher.PublishVersionAsync(agentId, EchoWithInputSchema(RefChain(500))))
            .AssertValidationErrorAsync("capabilities[0].inputSchema");

        Assert.Contains("nested subschemas and `$ref`s", problem.ToString());
    }

    [Fact]
    public async Task Refs_that_double_at_every_level_are_a_400_before_anything_evaluates_them()
    {
        var (publisher, agentId) = await NewAgentAsync();
        var defs = new JsonObject();
        for (var i = 0; i < 40; i++)
        {
            defs[$"d{i}"] = JsonNode.Parse($$"""{"allOf":[{"$ref":"#/$defs/d{{i + 1}}"},{"$ref":"#/$defs/d{{i + 1}}"}]}""");
        }

        defs["d40"] = new JsonObject { ["type"] = "object" };

        var response = await publisher.PublishVersionAsync(agentId, EchoWithInputSchema(new JsonObject { ["$ref"] = "#/$defs/d0", ["$defs"] = defs }));

        await response.AssertValidationErrorAsync("capabilities[0].inputSchema");
    }

    [Fact]
    public async Task A_hostile_input_to_a_catastrophic_pattern_is_a_400_while_another_call_is_served()
    {
        var (publisher, agentId) = await NewAgentAsync();
        var body = EchoWithInputSchema(JsonNode.Parse("""{"type":"object","properties":{"text":{"type":"string","pattern":"^(a+)+$"}},"required":["text"]}""")!);
        body["capabilities"]![0]!["examples"] = new JsonArray(new JsonObject
        {
            ["input"] = new JsonObject { ["text"] = "aaa" },
            ["expectedOutput"] = new JsonObject { ["text"] = "aaa" },
        });
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(agentId, body)).StatusCode);
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deployment = (await consumer.DeployAsync(agentId)).GetProperty("id").GetGuid();

        var hostile = Enumerable.Range(0, 4).Select(_ => consumer.InvokeAsync(deployment, "echo", new { text = new string('a', 34) + "!" })).ToList();
        var normal = consumer.InvokeAsync(deployment, "echo", new { text = "aaaa" });
        await Task.WhenAll([.. hostile, normal]);

        foreach (var refused in hostile)
        {
            var problem = await (await refused).AssertValidationErrorAsync("input");
            Assert.Contains("does not match the pattern", problem.ToString());
        }

        var answer = await (await normal).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("aaaa", answer.GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_pattern_that_needs_backtracking_is_a_400_naming_the_field()
    {
        var (publisher, agentId) = await NewAgentAsync();
        var schema = JsonNode.Parse("""{"type":"object","properties":{"text":{"type":"string","pattern":"^(\\w+)\\s\\1$"}}}""")!;

        var problem = await (await publisher.PublishVersionAsync(agentId, EchoWithInputSchema(schema)))
            .AssertValidationErrorAsync("capabilities[0].inputSchema");

        Assert.Contains("linear time", problem.ToString());
    }
}
