using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.IntegrationTests.McpEdge.RegistrySpec;

namespace AgentMarketplace.IntegrationTests.McpEdge;

/// <summary>
/// `GET /v0.1/servers…`: the MCP Registry API over the public catalogue, read anonymously as a client or a
/// downstream registry would. Each test finds its own agents by a word of their own (`search`).
/// </summary>
public sealed class RegistryApiTests(McpEdgeFactory api, SampleAgentHost agent)
    : IClassFixture<McpEdgeFactory>, IClassFixture<SampleAgentHost>, IDisposable
{
    private const string Namespace = "io.agentmarketplace";
    private const string MetaKey = "io.agentmarketplace/marketplace";

    private readonly HttpClient _anonymous = api.CreateClient();

    public void Dispose() => _anonymous.Dispose();

    private static string NewWord() => "w" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A public agent of the sample's http-json capabilities whose description holds <paramref name="word"/>, with these versions verified.</summary>
    private async Task<(Guid Id, string Slug, HttpClient Publisher)> PublicAgentAsync(string word, params string[] versions)
    {
        var publisher = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug("reg");
        var created = await (await publisher.PostAsJsonAsync("/api/v1/agents", new
        {
            slug, name = "Registry Agent", description = $"Counts words ({word}).", categories = new[] { "analytics" }, tags = Array.Empty<string>(),
        })).JsonAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetGuid();
        foreach (var version in versions.Length == 0 ? ["1.0.0"] : versions)
        {
            Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(id, await agent.RegistrationAsync(version))).StatusCode);
            Assert.Equal("verified", (await publisher.VerifyAsync(id, version)).GetProperty("status").GetString());
        }

        return (id, slug, publisher);
    }

    /// <summary>The sample agent's server.json under another name and a description holding <paramref name="word"/>, imported and verified.</summary>
    private async Task<(Guid Id, string Slug)> ImportedAsync(string serverName, string word)
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var serverJson = await agent.ServerJsonAsync();
        serverJson["name"] = serverName;
        serverJson["description"] = $"The sample's MCP server ({word}).";
        var slug = TestAgents.NewSlug("imp");
        var imported = await (await publisher.PostAsJsonAsync($"/api/v1/agents/import/mcp?slug={slug}", serverJson)).JsonAsync(HttpStatusCode.Created);
        var id = imported.GetProperty("agent").GetProperty("id").GetGuid();
        Assert.Equal("verified", (await publisher.VerifyAsync(id, "1.0.0")).GetProperty("status").GetString());
        return (id, slug);
    }

    private async Task<JsonElement> ServersAsync(string query) =>
        await (await _anonymous.GetAsync("/v0.1/servers?" + query)).JsonAsync(HttpStatusCode.OK);

    private async Task<HttpResponseMessage> VersionsAsync(string serverName, string? version = null) =>
        await _anonymous.GetAsync($"/v0.1/servers/{Uri.EscapeDataString(serverName)}/versions" + (version is null ? "" : "/" + Uri.EscapeDataString(version)));

    private static IReadOnlyList<JsonElement> Servers(JsonElement list) => [.. list.GetProperty("servers").EnumerateArray()];

    private static JsonElement Facts(JsonElement response) => response.GetProperty("_meta").GetProperty(MetaKey);

    private static Guid AgentIdOf(JsonElement response) => Facts(response).GetProperty("agentId").GetGuid();

    private static string NameOf(JsonElement response) => response.GetProperty("server").GetProperty("name").GetString()!;

    private static string VersionOf(JsonElement response) => response.GetProperty("server").GetProperty("version").GetString()!;

    [Fact]
    public async Task Every_public_agent_is_a_server_whatever_its_protocol_and_drafts_are_not()
    {
        var word = NewWord();
        var (httpJson, slug, publisher) = await PublicAgentAsync(word);
        var (mcp, _) = await ImportedAsync($"io.example.{word}/weather", word);
        var draft = await (await publisher.PostAsJsonAsync("/api/v1/agents", new
        {
            slug = TestAgents.NewSlug("draft"), name = "Draft", description = $"Not yet ({word}).", categories = new[] { "other" },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(draft.GetProperty("id").GetGuid(), await agent.RegistrationAsync("1.0.0"))).StatusCode);

        var servers = Servers(await ServersAsync($"search={word}")).ToDictionary(AgentIdOf);

        Assert.Equal([httpJson, mcp], servers.Keys.Order());
        Assert.Equal($"{Namespace}/{slug}", NameOf(servers[httpJson]));
        Assert.Equal("http-json", Facts(servers[httpJson]).GetProperty("protocol").GetString());
        Assert.Equal($"io.example.{word}/weather", NameOf(servers[mcp]));
        Assert.Equal("mcp", Facts(servers[mcp]).GetProperty("protocol").GetString());
        Assert.Equal("Sample Text Agent", servers[mcp].GetProperty("server").GetProperty("title").GetString());
        Assert.Equal(agent.BaseUrl, servers[mcp].GetProperty("server").GetProperty("websiteUrl").GetString());
        publisher.Dispose();
    }

    [Fact]
    public async Task The_remote_is_the_marketplaces_own_mcp_endpoint_with_a_required_secret_api_key_header()
    {
        var word = NewWord();
        await PublicAgentAsync(word);

        var server = Servers(await ServersAsync($"search={word}")).Single().GetProperty("server");

        var remote = Assert.Single(server.GetProperty("remotes").EnumerateArray());
        Assert.Equal("streamable-http", remote.GetProperty("type").GetString());
        Assert.Equal(McpEdgeFactory.PublicBaseUrl + "/mcp", remote.GetProperty("url").GetString());
        var header = Assert.Single(remote.GetProperty("headers").EnumerateArray());
        Assert.Equal("X-Api-Key", header.GetProperty("name").GetString());
        Assert.True(header.GetProperty("isRequired").GetBoolean());
        Assert.True(header.GetProperty("isSecret").GetBoolean());
    }

    [Fact]
    public async Task The_marketplaces_facts_are_under_its_own_meta_key()
    {
        var word = NewWord();
        var listed = await api.ListAsync(agent, new CatalogEntry($"Listed {word}", Pricing: TestCatalog.PerCall(3)));

        var facts = Facts(Servers(await ServersAsync($"search={word}")).Single());

        Assert.Equal(listed.AgentId, facts.GetProperty("agentId").GetGuid());
        Assert.Equal("active", facts.GetProperty("status").GetString());
        Assert.True(facts.GetProperty("isLatest").GetBoolean());
        Assert.Equal("verified", facts.GetProperty("verification").GetProperty("status").GetString());
        Assert.True(facts.GetProperty("verification").TryGetProperty("verifiedAt", out _));
        Assert.True(facts.GetProperty("listed").GetBoolean());
        Assert.Equal(0, facts.GetProperty("rating").GetProperty("count").GetInt32());
        Assert.Equal("per_call", facts.GetProperty("pricing").GetProperty("model").GetString());
        Assert.Equal(3, facts.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());
        var slug = (await (await _anonymous.GetAsync($"/api/v1/agents/{listed.AgentId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("slug").GetString();
        Assert.Equal(slug, facts.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task Pages_follow_next_cursor_through_every_version_once()
    {
        var word = NewWord();
        for (var i = 0; i < 3; i++)
        {
            await PublicAgentAsync(word);
        }

        var (twoVersions, slug, _) = await PublicAgentAsync(word, "1.0.0", "1.1.0");
        var walked = new List<(string Name, string Version)>();
        var pages = new List<int>();
        string? cursor = null;
        do
        {
            var page = await ServersAsync($"search={word}&limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            var servers = Servers(page);
            Assert.Equal(servers.Count, page.GetProperty("metadata").GetProperty("count").GetInt32());
            pages.Add(servers.Count);
            walked.AddRange(servers.Select(s => (NameOf(s), VersionOf(s))));
            cursor = page.GetProperty("metadata").TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(5, walked.Distinct().Count());
        Assert.Contains(($"{Namespace}/{slug}", "1.0.0"), walked);
        Assert.Contains(($"{Namespace}/{slug}", "1.1.0"), walked);
        var latest = Servers(await ServersAsync($"search={word}&version=latest"));
        Assert.Equal(4, latest.Count);
        Assert.Equal("1.1.0", VersionOf(latest.Single(s => AgentIdOf(s) == twoVersions)));
        Assert.All(latest, s => Assert.True(Facts(s).GetProperty("isLatest").GetBoolean()));
        Assert.Equal("1.0.0", VersionOf(Servers(await ServersAsync($"search={word}&version=1.0.0")).Single(s => AgentIdOf(s) == twoVersions)));
    }

    [Fact]
    public async Task Updated_since_keeps_the_servers_changed_since_then()
    {
        var word = NewWord();
        var (before, _, publisher) = await PublicAgentAsync(word);
        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var since = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        var (after, _, _) = await PublicAgentAsync(word);
        var query = $"search={word}&updated_since=" + Uri.EscapeDataString(since.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

        Assert.Equal([after], Servers(await ServersAsync(query)).Select(AgentIdOf));

        Assert.Equal(HttpStatusCode.OK, (await publisher.PatchAsJsonAsync($"/api/v1/agents/{before}", new { description = $"Counts words, faster ({word})." })).StatusCode);

        Assert.Equal(new[] { after, before }.Order(), Servers(await ServersAsync(query)).Select(AgentIdOf).Order());
        var updatedAt = Facts(Servers(await ServersAsync(query)).Single(s => AgentIdOf(s) == before)).GetProperty("updatedAt").GetDateTimeOffset();
        Assert.True(updatedAt >= since, $"{updatedAt:O} < {since:O}");
    }

    [Fact]
    public async Task A_servers_versions_are_listed_newest_first_and_latest_follows_deprecation()
    {
        var word = NewWord();
        var (id, slug, publisher) = await PublicAgentAsync(word, "1.0.0", "1.1.0");
        var name = $"{Namespace}/{slug}";

        var versions = Servers(await (await VersionsAsync(name)).JsonAsync(HttpStatusCode.OK));
        Assert.Equal(["1.1.0", "1.0.0"], versions.Select(VersionOf));
        Assert.Equal([true, false], versions.Select(v => Facts(v).GetProperty("isLatest").GetBoolean()));
        Assert.Equal("1.1.0", VersionOf(await (await VersionsAsync(name, "latest")).JsonAsync(HttpStatusCode.OK)));
        var unencoded = await (await _anonymous.GetAsync($"/v0.1/servers/{name}/versions/1.0.0")).JsonAsync(HttpStatusCode.OK);
        Assert.False(Facts(unencoded).GetProperty("isLatest").GetBoolean());
        await (await VersionsAsync(name, "9.9.9")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.OK, (await publisher.PostAsJsonAsync($"/api/v1/agents/{id}/versions/1.1.0/deprecate", new { reason = "Use 1.0.0." })).StatusCode);

        var latest = await (await VersionsAsync(name, "latest")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("1.0.0", VersionOf(latest));
        var deprecated = Facts(await (await VersionsAsync(name, "1.1.0")).JsonAsync(HttpStatusCode.OK));
        Assert.Equal("deprecated", deprecated.GetProperty("status").GetString());
        Assert.Equal("Use 1.0.0.", deprecated.GetProperty("statusMessage").GetString());
    }

    [Fact]
    public async Task An_imported_name_belongs_to_its_first_importer_and_never_to_the_marketplaces_namespace()
    {
        var word = NewWord();
        var name = $"io.example.{word}/notes";
        var (first, firstSlug) = await ImportedAsync(name, word);
        var (second, secondSlug) = await ImportedAsync(name, word);
        var (spoof, spoofSlug) = await ImportedAsync($"{Namespace}/{word}", word);

        var servers = Servers(await ServersAsync($"search={word}")).ToDictionary(AgentIdOf, NameOf);

        Assert.Equal(name, servers[first]);
        Assert.Equal($"{Namespace}/{secondSlug}", servers[second]);
        Assert.Equal($"{Namespace}/{spoofSlug}", servers[spoof]);
        Assert.Equal(first, AgentIdOf(Servers(await (await VersionsAsync(name)).JsonAsync(HttpStatusCode.OK)).Single()));
        await (await VersionsAsync($"{Namespace}/{word}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await VersionsAsync($"{Namespace}/{firstSlug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("updated_since=yesterday", "updated_since")]
    public async Task Bad_query_parameters_are_400_naming_the_parameter(string query, string field)
    {
        var response = await _anonymous.GetAsync("/v0.1/servers?" + query);

        await response.AssertValidationErrorAsync(field);
    }

    [Theory]
    [InlineData("/v0.1/servers/io.agentmarketplace%2Fno-such-agent/versions")]
    [InlineData("/v0.1/servers/io.agentmarketplace%2Fno-such-agent/versions/latest")]
    [InlineData("/v0.1/servers/io.nobody%2Fnothing/versions")]
    [InlineData("/v0.1/servers/only-one-segment")]
    [InlineData("/v0.1/servers/a/b/c/d/e")]
    public async Task Unknown_servers_and_routes_are_404(string path)
    {
        await (await _anonymous.GetAsync(path)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Every_document_is_valid_against_the_registrys_published_schemas()
    {
        var word = NewWord();
        var (_, slug, _) = await PublicAgentAsync(word, "1.0.0", "1.1.0");
        await api.ListAsync(agent, new CatalogEntry($"Listed {word}", Pricing: TestCatalog.PerCall(3)));
        await ImportedAsync($"io.example.{word}/imported", word);

        var list = await ServersAsync($"search={word}&limit=100");
        var versions = await (await VersionsAsync($"{Namespace}/{slug}")).JsonAsync(HttpStatusCode.OK);
        var one = await (await VersionsAsync($"{Namespace}/{slug}", "latest")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(4, Servers(list).Count);
        RegistrySchemas.AssertValid("ServerList", list);
        RegistrySchemas.AssertValid("ServerList", versions);
        RegistrySchemas.AssertValid("ServerResponse", one);
        RegistrySchemas.AssertValid("ServerList", await ServersAsync("limit=100"));
        Assert.Throws<Xunit.Sdk.TrueException>(() => RegistrySchemas.AssertValid("ServerResponse", RegistrySchemas.WithTooLongDescription(one)));
    }

    [Fact]
    public async Task A_description_longer_than_the_registry_allows_is_cut_at_a_word()
    {
        var word = NewWord();
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var description = $"{word} " + string.Join(' ', Enumerable.Repeat("counting", 30));
        var id = (await (await publisher.PostAsJsonAsync("/api/v1/agents", new
        {
            slug = TestAgents.NewSlug("long"), name = "Long", description, categories = new[] { "other" },
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await publisher.PublishVersionAsync(id, await agent.RegistrationAsync("1.0.0"))).StatusCode);
        Assert.Equal("verified", (await publisher.VerifyAsync(id, "1.0.0")).GetProperty("status").GetString());

        var shown = Servers(await ServersAsync($"search={word}")).Single().GetProperty("server").GetProperty("description").GetString()!;

        Assert.True(shown.Length <= 100, shown);
        Assert.EndsWith("counting…", shown, StringComparison.Ordinal);
        Assert.StartsWith(word, shown, StringComparison.Ordinal);
    }
}
