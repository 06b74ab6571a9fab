using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>`POST /api/v1/agents/import/mcp`: an MCP Registry server.json becomes an agent whose version speaks mcp.</summary>
public sealed class McpImportTests(ProtocolsFactory api, SampleAgentHost agent)
    : IClassFixture<ProtocolsFactory>, IClassFixture<SampleAgentHost>
{
    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, JsonObject serverJson, string query = "") =>
        client.PostAsJsonAsync("/api/v1/agents/import/mcp" + query, serverJson);

    [Fact]
    public async Task The_sample_agents_server_json_goes_from_import_to_an_invoked_deployment()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug("mcp");

        var imported = await (await ImportAsync(publisher, await agent.ServerJsonAsync(), $"?slug={slug}&category=data")).JsonAsync(HttpStatusCode.Created);

        var agentView = imported.GetProperty("agent");
        Assert.Equal(slug, agentView.GetProperty("slug").GetString());
        Assert.Equal("Sample Text Agent", agentView.GetProperty("name").GetString());
        Assert.Equal(["data"], agentView.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("io.github.agent-marketplace/sample-text-agent", agentView.GetProperty("mcpServer").GetProperty("name").GetString());
        Assert.Equal(agent.BaseUrl, agentView.GetProperty("mcpServer").GetProperty("websiteUrl").GetString());
        var version = imported.GetProperty("version");
        Assert.Equal("mcp", version.GetProperty("version").GetProperty("protocol").GetString());
        Assert.Equal(agent.McpUrl, version.GetProperty("version").GetProperty("endpointUrl").GetString());
        Assert.Equal(4, version.GetProperty("capabilities").GetArrayLength());

        var agentId = agentView.GetProperty("id").GetGuid();
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deployment = (await consumer.DeployAsync(agentId)).GetProperty("id").GetGuid();
        var invoked = await (await consumer.InvokeAsync(deployment, "sentiment", new { text = "what a good day" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("positive", invoked.GetProperty("output").GetProperty("label").GetString());
        var page = await (await consumer.GetAsync($"/api/v1/agents/{slug}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Sample Text Agent", page.GetProperty("mcpServer").GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_slug_defaults_to_the_servers_own_name_and_url_variables_take_their_defaults()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var name = "weather-" + Guid.NewGuid().ToString("N")[..8];
        var port = new Uri(agent.BaseUrl).Port;
        var serverJson = new JsonObject
        {
            ["name"] = $"io.github.someone/{name}",
            ["description"] = "Weather tools.",
            ["version"] = "2.1.0",
            ["repository"] = new JsonObject { ["url"] = "https://github.com/someone/weather", ["source"] = "github" },
            ["remotes"] = new JsonArray(
                new JsonObject { ["type"] = "sse", ["url"] = "https://example.com/sse" },
                new JsonObject
                {
                    ["type"] = "streamable-http",
                    ["url"] = "http://{host}:{port}/mcp",
                    ["variables"] = new JsonObject
                    {
                        ["host"] = new JsonObject { ["default"] = "127.0.0.1" },
                        ["port"] = new JsonObject { ["default"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    },
                }),
        };

        var imported = await (await ImportAsync(publisher, serverJson)).JsonAsync(HttpStatusCode.Created);

        Assert.Equal(name, imported.GetProperty("agent").GetProperty("slug").GetString());
        Assert.Equal(name, imported.GetProperty("agent").GetProperty("name").GetString());
        Assert.Equal("https://github.com/someone/weather",
            imported.GetProperty("agent").GetProperty("mcpServer").GetProperty("repository").GetProperty("url").GetString());
        Assert.Equal(agent.McpUrl, imported.GetProperty("version").GetProperty("version").GetProperty("endpointUrl").GetString());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("version")]
    [InlineData("remotes")]
    public async Task A_server_json_missing_a_required_field_is_a_400_naming_it(string field)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var serverJson = await agent.ServerJsonAsync();
        serverJson.Remove(field);

        var response = await ImportAsync(publisher, serverJson, $"?slug={TestAgents.NewSlug()}");

        await response.AssertValidationErrorAsync(field);
    }

    [Theory]
    [InlineData("""[{"type":"sse","url":"https://example.com/sse"}]""")]
    [InlineData("""[{"type":"streamable-http","url":"https://{tenant}.example.com/mcp","variables":{"tenant":{"isRequired":true}}}]""")]
    [InlineData("""[{"type":"streamable-http","url":"ftp://example.com/mcp"}]""")]
    public async Task A_server_json_without_a_callable_streamable_http_remote_is_a_400_naming_remotes(string remotes)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var serverJson = await agent.ServerJsonAsync();
        serverJson["remotes"] = JsonNode.Parse(remotes);

        var response = await ImportAsync(publisher, serverJson, $"?slug={TestAgents.NewSlug()}");

        await response.AssertValidationErrorAsync("remotes");
    }

    [Fact]
    public async Task A_server_json_whose_version_is_not_semver_is_a_400()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var serverJson = await agent.ServerJsonAsync();
        serverJson["version"] = "2024.1";

        var response = await ImportAsync(publisher, serverJson, $"?slug={TestAgents.NewSlug()}");

        await response.AssertValidationErrorAsync("version");
    }

    [Fact]
    public async Task A_remote_that_is_not_an_mcp_server_leaves_nothing_behind()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug();
        var serverJson = await agent.ServerJsonAsync();
        serverJson["remotes"]![0]!["url"] = agent.BaseUrl + "/health";

        var response = await ImportAsync(publisher, serverJson, $"?slug={slug}");

        await response.AssertValidationErrorAsync("endpointUrl");
        await (await publisher.GetAsync($"/api/v1/agents/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("mcp")]
    [InlineData("a2a")]
    public async Task A_taken_slug_fails_either_import_whole(string kind)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug();
        await publisher.CreateAgentAsync(slug);
        var document = kind == "mcp" ? await agent.ServerJsonAsync() : await agent.AgentCardAsync();

        var response = await publisher.PostAsJsonAsync($"/api/v1/agents/import/{kind}?slug={slug}", document);

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
        var list = await (await publisher.GetAsync("/api/v1/agents")).JsonAsync(HttpStatusCode.OK);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_consumer_cannot_import()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var response = await ImportAsync(consumer, await agent.ServerJsonAsync());

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
