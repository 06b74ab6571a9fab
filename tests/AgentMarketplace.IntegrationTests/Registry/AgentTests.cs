using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Registry;

public sealed class AgentTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task A_publisher_registers_an_agent_and_owns_it()
    {
        var publisher = await api.PublisherAsync();
        using var client = api.ClientFor(publisher);
        var slug = TestAgents.NewSlug();

        var agent = await client.CreateAgentAsync(slug);

        Assert.NotEqual(Guid.Empty, agent.GetProperty("id").GetGuid());
        Assert.Equal(slug, agent.GetProperty("slug").GetString());
        Assert.Equal(publisher.Id, agent.GetProperty("ownerId").GetGuid());
        Assert.Equal(["summarization", "analytics"], agent.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task A_consumer_cannot_register_agents()
    {
        var consumer = await api.RegisterAsync();
        using var client = api.ClientFor(consumer);

        var response = await client.PostAsJsonAsync("/api/v1/agents", TestAgents.AgentBody());

        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Registering_without_credentials_is_401()
    {
        using var client = api.CreateClient();

        await (await client.PostAsJsonAsync("/api/v1/agents", TestAgents.AgentBody())).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_taken_slug_is_409()
    {
        var slug = TestAgents.NewSlug();
        using var first = api.ClientFor(await api.PublisherAsync());
        using var second = api.ClientFor(await api.PublisherAsync());
        await first.CreateAgentAsync(slug);

        var response = await second.PostAsJsonAsync("/api/v1/agents", TestAgents.AgentBody(slug));

        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("has spaces")]
    [InlineData("UpperCase")]
    [InlineData("ab")]
    [InlineData("-leading-dash")]
    [InlineData("trailing-dash-")]
    [InlineData("under_score")]
    public async Task A_malformed_slug_is_a_400_naming_slug(string slug)
    {
        using var client = api.ClientFor(await api.PublisherAsync());

        var response = await client.PostAsJsonAsync("/api/v1/agents", TestAgents.AgentBody(slug));

        await response.AssertValidationErrorAsync("slug");
    }

    [Fact]
    public async Task A_500_character_slug_is_a_400_naming_slug()
    {
        using var client = api.ClientFor(await api.PublisherAsync());

        var response = await client.PostAsJsonAsync("/api/v1/agents", TestAgents.AgentBody(new string('a', 500)));

        await response.AssertValidationErrorAsync("slug");
    }

    [Fact]
    public async Task Categories_come_from_the_configured_list_and_tags_are_simple()
    {
        using var client = api.ClientFor(await api.PublisherAsync());

        var badCategory = await client.PostAsJsonAsync("/api/v1/agents", new
        {
            slug = TestAgents.NewSlug(), name = "X", description = "Y", categories = new[] { "astrology" }, tags = Array.Empty<string>(),
        });
        var badTag = await client.PostAsJsonAsync("/api/v1/agents", new
        {
            slug = TestAgents.NewSlug(), name = "X", description = "Y", categories = new[] { "other" }, tags = new[] { "Not A Tag!" },
        });

        await badCategory.AssertValidationErrorAsync("categories[0]");
        await badTag.AssertValidationErrorAsync("tags[0]");
    }

    [Fact]
    public async Task The_owner_edits_metadata_but_not_the_slug()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var agent = await client.CreateAgentAsync();
        var id = agent.GetProperty("id").GetGuid();

        var patched = await client.PatchAsJsonAsync($"/api/v1/agents/{id}", new { name = "Renamed", tags = new[] { "renamed" } });
        var slugChange = await client.PatchAsJsonAsync($"/api/v1/agents/{id}", new { slug = "another-slug" });

        var body = await patched.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Renamed", body.GetProperty("name").GetString());
        Assert.Equal(["renamed"], body.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(agent.GetProperty("description").GetString(), body.GetProperty("description").GetString());
        await slugChange.AssertValidationErrorAsync("slug");
    }

    [Fact]
    public async Task Another_publisher_editing_my_agent_gets_404_and_changes_nothing()
    {
        using var owner = api.ClientFor(await api.PublisherAsync());
        using var other = api.ClientFor(await api.PublisherAsync());
        var id = (await owner.CreateAgentAsync()).GetProperty("id").GetGuid();

        var response = await other.PatchAsJsonAsync($"/api/v1/agents/{id}", new { name = "Hijacked" });

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        var mine = await (await owner.GetAsync($"/api/v1/agents/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Text Tools", mine.GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_admin_may_edit_any_agent_and_a_consumer_gets_403()
    {
        using var owner = api.ClientFor(await api.PublisherAsync());
        using var admin = api.ClientFor(await api.AdminAsync());
        using var consumer = api.ClientFor(await api.RegisterAsync());
        var id = (await owner.CreateAgentAsync()).GetProperty("id").GetGuid();

        var byAdmin = await admin.PatchAsJsonAsync($"/api/v1/agents/{id}", new { description = "Edited by an admin." });
        var byConsumer = await consumer.PatchAsJsonAsync($"/api/v1/agents/{id}", new { description = "Nope." });

        Assert.Equal("Edited by an admin.", (await byAdmin.JsonAsync(HttpStatusCode.OK)).GetProperty("description").GetString());
        await byConsumer.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_draft_is_visible_to_its_owner_by_id_and_slug_and_to_nobody_else()
    {
        var ownerUser = await api.PublisherAsync();
        using var owner = api.ClientFor(ownerUser);
        using var stranger = api.ClientFor(await api.RegisterAsync());
        using var anonymous = api.CreateClient();
        var agent = await owner.CreateAgentAsync();
        var id = agent.GetProperty("id").GetGuid();
        var slug = agent.GetProperty("slug").GetString();

        var byId = await (await owner.GetAsync($"/api/v1/agents/{id}")).JsonAsync(HttpStatusCode.OK);
        var bySlug = await (await owner.GetAsync($"/api/v1/agents/{slug}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(id, bySlug.GetProperty("id").GetGuid());
        Assert.Equal(ownerUser.Id, byId.GetProperty("owner").GetProperty("id").GetGuid());
        Assert.StartsWith("Publisher ", byId.GetProperty("owner").GetProperty("publisherName").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byId.GetProperty("latestVersion").ValueKind);
        await (await stranger.GetAsync($"/api/v1/agents/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync($"/api/v1/agents/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_unknown_agent_is_404()
    {
        using var anonymous = api.CreateClient();

        await (await anonymous.GetAsync($"/api/v1/agents/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await anonymous.GetAsync("/api/v1/agents/no-such-agent")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_publisher_lists_only_their_own_agents()
    {
        using var mine = api.ClientFor(await api.PublisherAsync());
        using var theirs = api.ClientFor(await api.PublisherAsync());
        var a = (await mine.CreateAgentAsync()).GetProperty("id").GetGuid();
        var b = (await mine.CreateAgentAsync()).GetProperty("id").GetGuid();
        await theirs.CreateAgentAsync();

        var list = await (await mine.GetAsync("/api/v1/agents")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal([b, a], list.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetGuid()));
    }
}
