using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>Inputs found in review that once reached a 500: each must now be a 4xx problem.</summary>
public sealed class HostileInputTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Endpoint = "http://127.0.0.1:9";

    private async Task<(HttpClient Client, Guid AgentId)> NewAgentAsync()
    {
        var client = api.ClientFor(await api.PublisherAsync());
        return (client, (await client.CreateAgentAsync()).GetProperty("id").GetGuid());
    }

    private static HttpContent Json(string body) => new StringContent(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_catastrophic_regex_in_a_schema_fails_fast_as_a_400()
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint);
        body["capabilities"]![0]!["inputSchema"] = JsonNode.Parse("""{"type":"object","properties":{"text":{"type":"string","pattern":"^(a+)+$"}}}""");
        body["capabilities"]![0]!["examples"]![0]!["input"] = new JsonObject { ["text"] = new string('a', 40) + "!" };
        body["capabilities"]![0]!["examples"]![0]!.AsObject().Remove("expectedOutput");

        var response = await client.PublishVersionAsync(agentId, body);

        // Matched in linear time: the example is simply refused for not matching.
        var problem = await response.AssertValidationErrorAsync("capabilities[0].examples[0].input");
        Assert.Contains("does not match the pattern", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"$defs":{"a":{"$ref":"#/$defs/a"}},"$ref":"#/$defs/a"}""")]
    [InlineData("""{"properties":{"a":{"$ref":"#/$defs/~2"}}}""")]
    [InlineData("""{"maxLength":99999999999999999999}""")]
    public async Task Schemas_that_break_the_schema_library_are_a_400(string schema)
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint);
        body["capabilities"]![0]!["inputSchema"] = JsonNode.Parse(schema);

        var response = await client.PublishVersionAsync(agentId, body);

        await response.AssertValidationErrorAsync("capabilities[0].inputSchema");
    }

    [Theory]
    [InlineData("""{"text":"nul \u0000 inside"}""")]
    [InlineData("""{"text":"lone \ud800 surrogate"}""")]
    [InlineData("""{"text":"x","n":1e400}""")]
    public async Task Example_values_the_database_cannot_store_are_a_400(string input)
    {
        var (client, agentId) = await NewAgentAsync();
        var body = TestAgents.EchoVersion("1.0.0", Endpoint).ToJsonString()
            .Replace("""{"text":"hello"},"expectedOutput""", input + ""","expectedOutput""", StringComparison.Ordinal);

        var response = await client.PostAsync($"/api/v1/agents/{agentId}/versions", Json(body));

        await response.AssertValidationErrorAsync("capabilities[0].examples[0].input");
    }

    [Theory]
    [InlineData("""{"version":"1.0.0","endpointUrl":"http://127.0.0.1:9","protocol":"http-json","capabilities":[null]}""", "capabilities[0]")]
    [InlineData("""{"version":"1.0.0","endpointUrl":"http://127.0.0.1:9","protocol":"http-json","capabilities":[{"name":"echo","description":"d","inputSchema":{},"outputSchema":{},"examples":[null]}]}""", "capabilities[0].examples[0]")]
    public async Task Null_elements_are_a_400_naming_them(string body, string field)
    {
        var (client, agentId) = await NewAgentAsync();

        var response = await client.PostAsync($"/api/v1/agents/{agentId}/versions", Json(body));

        await response.AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task A_card_with_null_tags_and_modes_still_imports()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = """
            {"name":"Null Tags Agent","description":"d","url":"http://127.0.0.1:9/a2a","version":"1.0.0",
             "defaultInputModes":[null,"text/plain"],
             "skills":[{"id":"s","name":"S","description":"d","tags":[null,"ok"],"inputModes":[null],"examples":[null,"hi"]}]}
            """;

        var response = await client.PostAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", Json(card));

        var body = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(["ok"], body.GetProperty("agent").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_nul_character_in_a_login_email_is_a_400()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsync("/api/v1/auth/token", Json("""{"email":"a\u0000@x.com","password":"whatever-password"}"""));

        await response.AssertValidationErrorAsync("email");
    }

    [Fact]
    public async Task An_email_too_long_once_normalised_is_a_400()
    {
        using var client = api.CreateClient();
        // U+0958 decomposes under NFC into two characters, doubling the length.
        var email = new string('\u0958', 240) + "@example.com";

        var response = await client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password = TestUsers.Password, displayName = "Long" });

        await response.AssertValidationErrorAsync("email");
    }

    [Fact]
    public async Task A_hand_made_cursor_with_a_time_zone_offset_pages_instead_of_failing()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"CreatedAt":"2030-01-01T00:00:00+02:00","Id":"{{Guid.NewGuid()}}"}"""))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var response = await client.GetAsync($"/api/v1/users/me/api-keys?cursor={cursor}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_bad_limit_is_named_as_limit_even_with_a_cursor()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var response = await client.GetAsync("/api/v1/users/me/api-keys?limit=500&cursor=x");

        await response.AssertValidationErrorAsync("limit");
    }
}
