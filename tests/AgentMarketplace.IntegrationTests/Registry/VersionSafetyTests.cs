using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>A breaking change needs a major version: the 409 naming each break, and the changes route.</summary>
public sealed class VersionSafetyTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    /// <summary>The sample agent's registration at <paramref name="version"/>, changed by <paramref name="change"/>.</summary>
    private async Task<JsonObject> BodyAsync(string version, Action<JsonArray>? change = null)
    {
        var body = await agent.RegistrationAsync(version);
        change?.Invoke(body["capabilities"]!.AsArray());
        return body;
    }

    private static JsonObject Capability(JsonArray capabilities, string name) =>
        capabilities.Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();

    private static int IndexOf(JsonArray capabilities, string name) =>
        capabilities.Select((c, i) => (c, i)).Single(p => p.c!["name"]!.GetValue<string>() == name).i;

    /// <summary>Three breaks at once: summarize removed, echo's text limited, word-count's words a string.</summary>
    private static void Breaks(JsonArray capabilities)
    {
        capabilities.Remove(Capability(capabilities, "summarize"));
        Capability(capabilities, "echo")["inputSchema"]!["properties"]!["text"]!["maxLength"] = 1000;
        Capability(capabilities, "word-count")["outputSchema"]!["properties"]!["words"]!["type"] = "string";
        foreach (var example in Capability(capabilities, "word-count")["examples"]!.AsArray())
        {
            example!.AsObject().Remove("expectedOutput");
        }
    }

    [Fact]
    public async Task A_breaking_version_on_the_same_major_is_409_naming_each_break_and_a_major_or_pre_release_may_break()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var publisher = api.ClientFor(published.Publisher);
        var breaking = await BodyAsync("1.1.0", Breaks);
        var capabilities = breaking["capabilities"]!.AsArray();

        var refused = await publisher.PublishVersionAsync(published.AgentId, breaking);

        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        var errors = problem.GetProperty("errors");
        Assert.Contains("'summarize' was removed", errors.GetProperty("capabilities")[0].GetString(), StringComparison.Ordinal);
        var echo = errors.GetProperty($"capabilities[{IndexOf(capabilities, "echo")}].inputSchema.properties.text.maxLength")[0].GetString()!;
        Assert.Contains("inputs that passed before may be refused", echo, StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty($"capabilities[{IndexOf(capabilities, "word-count")}].outputSchema.properties.words.type", out _), errors.ToString());
        Assert.Contains("2.0.0", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(published.AgentId, await BodyAsync("2.0.0", Breaks))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(published.AgentId, await BodyAsync("1.2.0-beta.1", Breaks))).StatusCode);
    }

    [Fact]
    public async Task Accepting_more_input_and_adding_a_capability_is_not_breaking_and_the_changes_route_lists_it()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var publisher = api.ClientFor(published.Publisher);
        var compatible = await BodyAsync("1.1.0", capabilities =>
        {
            var wordCount = Capability(capabilities, "word-count");
            wordCount["inputSchema"]!["properties"]!["locale"] = new JsonObject { ["type"] = "string" };
            var copy = Capability(capabilities, "echo").DeepClone().AsObject();
            copy["name"] = "echo-again";
            capabilities.Add(copy);
        });

        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(published.AgentId, compatible)).StatusCode);

        var changes = await (await publisher.GetAsync($"/api/v1/agents/{published.AgentId}/versions/1.1.0/changes")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", changes.GetProperty("from").GetString());
        Assert.Equal("1.1.0", changes.GetProperty("to").GetString());
        Assert.False(changes.GetProperty("breaking").GetBoolean());
        var entries = changes.GetProperty("changes").EnumerateArray().ToList();
        Assert.Contains(entries, c => c.GetProperty("kind").GetString() == "capability_added" && c.GetProperty("capability").GetString() == "echo-again");
        var added = Assert.Single(entries, c => c.GetProperty("kind").GetString() == "property_added");
        Assert.Equal("word-count", added.GetProperty("capability").GetString());
        Assert.Equal("inputSchema.properties.locale", added.GetProperty("path").GetString());
        Assert.All(entries, c => Assert.False(c.GetProperty("breaking").GetBoolean()));
    }

    [Fact]
    public async Task A_major_versions_changes_show_its_breaks_and_a_first_version_has_none()
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0", "2.0.0");
        using var publisher = api.ClientFor(published.Publisher);
        await (await publisher.PublishVersionAsync(published.AgentId, await BodyAsync("3.0.0", Breaks))).JsonAsync(HttpStatusCode.Created);
        using var anonymous = api.CreateClient();

        var first = await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/versions/1.0.0/changes")).JsonAsync(HttpStatusCode.OK);
        var major = await (await publisher.GetAsync($"/api/v1/agents/{published.AgentId}/versions/3.0.0/changes")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(JsonValueKind.Null, first.GetProperty("from").ValueKind);
        Assert.False(first.GetProperty("breaking").GetBoolean());
        Assert.Empty(first.GetProperty("changes").EnumerateArray());
        Assert.Equal("2.0.0", major.GetProperty("from").GetString());
        Assert.True(major.GetProperty("breaking").GetBoolean());
        Assert.Contains(major.GetProperty("changes").EnumerateArray(),
            c => c.GetProperty("kind").GetString() == "capability_removed" && c.GetProperty("breaking").GetBoolean());
        // 3.0.0 is not verified: only its publisher sees it.
        await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/versions/3.0.0/changes")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("1.0")]
    [InlineData("v1.0.0")]
    public async Task Changes_of_a_version_that_is_not_semver_is_a_400_naming_version(string version)
    {
        var published = await api.PublishSampleAsync(agent, "1.0.0");
        using var anonymous = api.CreateClient();

        await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/versions/{version}/changes")).AssertValidationErrorAsync("version");
        await (await anonymous.GetAsync($"/api/v1/agents/{published.AgentId}/versions/9.9.9/changes")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_version_that_never_passed_verification_is_not_held_to_compatibility()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var agentId = (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(agentId, await BodyAsync("1.0.0"))).StatusCode);

        // Nobody could deploy 1.0.0 (unverified), so nobody depends on it.
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(agentId, await BodyAsync("1.0.1", Breaks))).StatusCode);
    }
}
