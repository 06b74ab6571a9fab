using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

public sealed class ListingTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private static object PerCall(long cents = 5) => new { model = "per_call", currency = "USD", unitPriceCents = cents };

    [Fact]
    public async Task The_owner_lists_an_agent_with_a_pricing_plan_as_a_draft()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);

        var response = await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall(7) });

        var listing = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal(published.AgentId, listing.GetProperty("agentId").GetGuid());
        Assert.Equal("draft", listing.GetProperty("status").GetString());
        Assert.Equal("per_call", listing.GetProperty("pricing").GetProperty("model").GetString());
        Assert.Equal(7, listing.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());
        Assert.Equal("USD", listing.GetProperty("pricing").GetProperty("currency").GetString());
    }

    [Fact]
    public async Task An_agents_listing_is_found_by_the_agent_a_draft_only_by_its_owner()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);
        using var anonymous = api.CreateClient();
        using var stranger = api.ClientFor(await api.PublisherAsync());
        var address = $"/api/v1/agents/{published.AgentId}/listing";
        await (await owner.GetAsync(address)).AssertProblemAsync(HttpStatusCode.NotFound); // none yet

        var id = (await (await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall(9) }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();

        var draft = await (await owner.GetAsync(address)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((id, "draft", 9L), (draft.GetProperty("id").GetGuid(), draft.GetProperty("status").GetString(),
            draft.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64()));
        await (await anonymous.GetAsync(address)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync(address)).AssertProblemAsync(HttpStatusCode.NotFound);

        await (await owner.PostAsync($"/api/v1/listings/{id}/publish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(id, (await (await anonymous.GetAsync(address)).JsonAsync(HttpStatusCode.OK)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_agent_has_one_listing()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);
        await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() });

        var again = await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() });

        await again.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Listing_someone_elses_agent_is_404_and_a_consumer_gets_403()
    {
        var published = await api.PublishSampleAsync(agent);
        using var other = api.ClientFor(await api.PublisherAsync());
        using var consumer = api.ClientFor(await api.RegisterAsync());

        await (await other.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() }))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await consumer.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() }))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    public static TheoryData<object, string> InvalidPlans => new()
    {
        { new { model = "auction", currency = "USD" }, "pricing.model" },
        { new { model = "per_call", currency = "USD", unitPriceCents = -1 }, "pricing.unitPriceCents" },
        { new { model = "per_call", currency = "USD" }, "pricing.unitPriceCents" },
        { new { model = "per_call", currency = "EUR", unitPriceCents = 5 }, "pricing.currency" },
        { new { model = "free", currency = "USD", unitPriceCents = 5 }, "pricing.unitPriceCents" },
        { new { model = "subscription", currency = "USD", monthlyFeeCents = 900, unitPriceCents = 1 }, "pricing.includedUnits" },
        { new { model = "per_unit", currency = "USD", tiers = new object[] { new { upTo = 100, unitPriceCents = 2 }, new { upTo = 50, unitPriceCents = 1 } } }, "pricing.tiers" },
        { new { model = "per_unit", currency = "USD", tiers = new object[] { new { upTo = (long?)null, unitPriceCents = 2 }, new { upTo = 50, unitPriceCents = 1 } } }, "pricing.tiers" },
        { new { model = "per_call", currency = "USD", unitPriceCents = 5, tiers = new object[] { new { upTo = 10, unitPriceCents = 1 } } }, "pricing.tiers" },
    };

    [Theory]
    [MemberData(nameof(InvalidPlans))]
    public async Task Invalid_pricing_is_a_400_naming_the_field(object pricing, string field)
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);

        var response = await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing });

        await response.AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task Graduated_tiers_and_subscriptions_are_accepted()
    {
        foreach (var pricing in new object[]
        {
            new { model = "per_unit", currency = "usd", tiers = new object[] { new { upTo = 1000, unitPriceCents = 2 }, new { upTo = (long?)null, unitPriceCents = 1 } } },
            new { model = "subscription", currency = "USD", monthlyFeeCents = 1900, includedUnits = 10000, unitPriceCents = 1 },
            new { model = "free", currency = "USD" },
        })
        {
            var published = await api.PublishSampleAsync(agent);
            using var owner = api.ClientFor(published.Publisher);
            var response = await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing });
            var listing = await response.JsonAsync(HttpStatusCode.Created);
            Assert.Equal("USD", listing.GetProperty("pricing").GetProperty("currency").GetString());
        }
    }

    [Fact]
    public async Task Publishing_needs_a_verified_version_and_unpublishing_hides_the_listing_at_once()
    {
        using var owner = api.ClientFor(await api.PublisherAsync());
        var draftAgent = (await owner.CreateAgentAsync()).GetProperty("id").GetGuid();
        var draftListing = (await (await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = draftAgent, pricing = PerCall() }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await (await owner.PostAsync($"/api/v1/listings/{draftListing}/publish", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var published = await api.PublishSampleAsync(agent);
        using var publisher = api.ClientFor(published.Publisher);
        var id = (await (await publisher.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        using var anonymous = api.CreateClient();
        await (await anonymous.GetAsync($"/api/v1/listings/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);

        var live = await (await publisher.PostAsync($"/api/v1/listings/{id}/publish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("published", live.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/v1/listings/{id}")).StatusCode);

        var hidden = await (await publisher.PostAsync($"/api/v1/listings/{id}/unpublish", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("unpublished", hidden.GetProperty("status").GetString());
        await (await anonymous.GetAsync($"/api/v1/listings/{id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await publisher.GetAsync($"/api/v1/listings/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_can_delist_and_another_publisher_cannot_touch_a_listing()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);
        using var other = api.ClientFor(await api.PublisherAsync());
        using var admin = api.ClientFor(await api.AdminAsync());
        var id = (await (await owner.PostAsJsonAsync("/api/v1/listings", new { agentId = published.AgentId, pricing = PerCall() }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await owner.PostAsync($"/api/v1/listings/{id}/publish", null);

        await (await other.PostAsync($"/api/v1/listings/{id}/unpublish", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PutAsJsonAsync($"/api/v1/listings/{id}/pricing", new { pricing = PerCall(1) })).AssertProblemAsync(HttpStatusCode.NotFound);
        var delisted = await (await admin.PostAsync($"/api/v1/listings/{id}/unpublish", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("unpublished", delisted.GetProperty("status").GetString());
    }
}
