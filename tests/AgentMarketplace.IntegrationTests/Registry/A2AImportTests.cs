using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

public sealed class A2AImportTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    /// <summary>Written the way the public A2A samples write their cards (the currency agent).</summary>
    private const string CurrencyAgentCard = """
        {
          "name": "Currency Agent",
          "description": "Helps with exchange rates for currencies",
          "url": "http://localhost:10000/",
          "version": "1.0.0",
          "protocolVersion": "0.3.0",
          "provider": { "organization": "A2A Samples", "url": "https://example.com" },
          "defaultInputModes": ["text", "text/plain"],
          "defaultOutputModes": ["text", "text/plain"],
          "capabilities": { "streaming": true, "pushNotifications": true },
          "skills": [
            {
              "id": "convert_currency",
              "name": "Currency Exchange Rates Tool",
              "description": "Helps with exchange values between various currencies",
              "tags": ["currency conversion", "currency exchange"],
              "examples": ["What is exchange rate between USD and GBP?"]
            }
          ]
        }
        """;

    [Fact]
    public async Task A_sample_style_card_becomes_an_agent_with_one_capability_per_skill()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug("currency");

        var response = await client.PostAsync($"/api/v1/agents/import/a2a?slug={slug}&category=data",
            new StringContent(CurrencyAgentCard, Encoding.UTF8, "application/json"));

        var body = await response.JsonAsync(HttpStatusCode.Created);
        var agentView = body.GetProperty("agent");
        Assert.Equal(slug, agentView.GetProperty("slug").GetString());
        Assert.Equal("Currency Agent", agentView.GetProperty("name").GetString());
        Assert.Equal(["data"], agentView.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["currency-conversion", "currency-exchange"], agentView.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var version = body.GetProperty("version");
        Assert.Equal("a2a", version.GetProperty("version").GetProperty("protocol").GetString());
        Assert.Equal("http://localhost:10000/", version.GetProperty("version").GetProperty("endpointUrl").GetString());
        var capability = Assert.Single(version.GetProperty("capabilities").EnumerateArray());
        Assert.Equal("convert_currency", capability.GetProperty("name").GetString());
        Assert.Equal("What is exchange rate between USD and GBP?",
            capability.GetProperty("examples")[0].GetProperty("input").GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_slug_defaults_to_the_card_name()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = JsonNode.Parse(CurrencyAgentCard)!;
        card["name"] = "Currency Agent " + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

        var response = await client.PostAsJsonAsync("/api/v1/agents/import/a2a", card);

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.StartsWith("currency-agent-", body.GetProperty("agent").GetProperty("slug").GetString(), StringComparison.Ordinal);
        Assert.Equal(["other"], body.GetProperty("agent").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_sample_agents_own_card_imports_and_verifies_over_json_rpc()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();

        var response = await client.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug("sample")}", card);
        var body = await response.JsonAsync(HttpStatusCode.Created);
        var agentId = body.GetProperty("agent").GetProperty("id").GetGuid();
        var version = body.GetProperty("version").GetProperty("version").GetProperty("version").GetString()!;
        Assert.Equal(agent.A2AUrl, body.GetProperty("version").GetProperty("version").GetProperty("endpointUrl").GetString());
        Assert.Equal(card["skills"]!.AsArray().Count, body.GetProperty("version").GetProperty("capabilities").GetArrayLength());

        var report = await client.VerifyAsync(agentId, version);

        Assert.Equal("verified", report.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("url")]
    [InlineData("version")]
    [InlineData("skills")]
    public async Task A_card_missing_a_required_field_is_a_400_naming_it(string field)
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = JsonNode.Parse(CurrencyAgentCard)!.AsObject();
        card.Remove(field);

        var response = await client.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", card);

        await response.AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task A_card_whose_version_is_not_semver_is_a_400()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = JsonNode.Parse(CurrencyAgentCard)!;
        card["version"] = "v1";

        var response = await client.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", card);

        await response.AssertValidationErrorAsync("version");
    }

    [Fact]
    public async Task A_skill_without_an_id_is_a_400_and_nothing_is_created()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug();
        var card = JsonNode.Parse(CurrencyAgentCard)!;
        card["skills"]![0]!.AsObject().Remove("id");

        var response = await publisher.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={slug}", card);

        await response.AssertValidationErrorAsync("skills[0].id");
        await (await publisher.GetAsync($"/api/v1/agents/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_consumer_cannot_import()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());

        var response = await consumer.PostAsync("/api/v1/agents/import/a2a",
            new StringContent(CurrencyAgentCard, Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}
