using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>
/// Search results that change with what happens to listings: visibility, catalog edits, ratings,
/// popularity, inserts between pages. Each test narrows its searches by a word only its listings carry.
/// </summary>
public sealed class SearchRankingTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private readonly HttpClient _anonymous = api.CreateClient();

    private async Task ReviewManyAsync(Guid agentId, params int[] ratings)
    {
        foreach (var rating in ratings)
        {
            using var user = api.ClientFor(await api.RegisterAsync());
            await user.UseSampleAsync(agentId);
            await (await user.PostAsJsonAsync($"/api/v1/agents/{agentId}/reviews", new { rating })).JsonAsync(HttpStatusCode.Created);
        }
    }

    [Fact]
    public async Task Unpublishing_and_admin_delisting_hide_a_listing_at_once()
    {
        var first = await api.ListAsync(agent, new CatalogEntry("Quillfeather Scribe"));
        var second = await api.ListAsync(agent, new CatalogEntry("Quillfeather Copyist"));
        Assert.Equal(2, (await _anonymous.SearchAsync("q=quillfeather")).GetProperty("total").GetInt64());

        using var owner = api.ClientFor(first.Publisher);
        await (await owner.PostAsync($"/api/v1/listings/{first.ListingId}/unpublish", null)).JsonAsync(HttpStatusCode.OK);
        using var admin = api.ClientFor(await api.AdminAsync());
        await (await admin.PostAsync($"/api/v1/listings/{second.ListingId}/unpublish", null)).JsonAsync(HttpStatusCode.OK);

        var after = await _anonymous.SearchAsync("q=quillfeather");
        Assert.Equal(0, after.GetProperty("total").GetInt64());
        Assert.Empty(after.Names());
    }

    [Fact]
    public async Task Search_follows_a_listing_edited_while_unpublished_and_published_again()
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Cardamom Indexer", Tags: ["cardamom-old", "cardamom-kept"]));
        await api.ListAsync(agent, new CatalogEntry("Cardamom Sibling", Tags: ["cardamom-kept"]));
        using var owner = api.ClientFor(listed.Publisher);
        await (await owner.PostAsync($"/api/v1/listings/{listed.ListingId}/unpublish", null)).JsonAsync(HttpStatusCode.OK);
        var patched = await owner.PatchAsJsonAsync($"/api/v1/agents/{listed.AgentId}", new { name = "Cardamom Crawler", tags = new[] { "cardamom-new", "cardamom-kept" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(["Cardamom Sibling"], (await _anonymous.SearchAsync("q=cardamom")).Names());
        Assert.Equal(1, (await _anonymous.SearchAsync("tag=cardamom-kept")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await _anonymous.SearchAsync("tag=cardamom-new")).GetProperty("total").GetInt64());

        await (await owner.PostAsync($"/api/v1/listings/{listed.ListingId}/publish", null)).JsonAsync(HttpStatusCode.OK);

        // limit=1: the words as typed fill a page, so no typo-tolerant fallback answers instead.
        Assert.Equal(["Cardamom Crawler"], (await _anonymous.SearchAsync("q=cardamom%20crawl&limit=1")).Names());
        Assert.Empty((await _anonymous.SearchAsync("q=cardamom%20indexer&limit=1")).Names());
        Assert.Equal(2, (await _anonymous.SearchAsync("q=cardamom&limit=1")).GetProperty("total").GetInt64());
        Assert.Equal(2, (await _anonymous.SearchAsync("tag=cardamom-kept")).GetProperty("total").GetInt64());
        Assert.Equal(["Cardamom Crawler"], (await _anonymous.SearchAsync("tag=cardamom-new")).Names());
        Assert.Equal(1, (await _anonymous.SearchAsync("tag=cardamom-new")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await _anonymous.SearchAsync("tag=cardamom-old")).GetProperty("total").GetInt64());
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    [Fact]
    public async Task Text_beside_any_filter_ranks_from_copies_that_follow_each_change()
    {
        var listed = await api.ListAsync(agent, new CatalogEntry(
            "Juniper Sorter", Categories: ["data"], Tags: ["juniper-a"], Pricing: TestCatalog.PerCall(7)));
        await api.ListAsync(agent, new CatalogEntry("Juniper Keeper", Categories: ["search"], Tags: ["juniper-b"], Pricing: TestCatalog.Free));

        // limit=1: the words as typed fill the page, so no typo-tolerant fallback (which reads the listings) answers instead.
        async Task<string[]> FirstAsync(string filters) => (await _anonymous.SearchAsync($"q=juniper&limit=1&{filters}")).Names().ToArray();
        Assert.Equal(["Juniper Sorter"], await FirstAsync("category=data"));
        Assert.Equal(["Juniper Sorter"], await FirstAsync("tag=juniper-a"));
        Assert.Equal(["Juniper Sorter"], await FirstAsync("pricingModel=per_call"));
        Assert.Equal(["Juniper Keeper"], await FirstAsync("maxPriceCents=5"));
        Assert.Equal(["Juniper Keeper"], await FirstAsync("category=search&tag=juniper-b&verifiedOnly=true"));

        await ReviewManyAsync(listed.AgentId, 5);
        Assert.Equal(["Juniper Sorter"], await FirstAsync("minRating=4"));
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());

        using var owner = api.ClientFor(listed.Publisher);
        var patched = await owner.PatchAsJsonAsync($"/api/v1/agents/{listed.AgentId}", new { categories = new[] { "search" }, tags = new[] { "juniper-b" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        Assert.Equal(["Juniper Sorter"], await FirstAsync("category=search&tag=juniper-b&pricingModel=per_call&minRating=5"));
        // A stale copy would still match here and fill the page (no fallback): it must not.
        Assert.Empty(await FirstAsync("category=data"));
        Assert.Empty(await FirstAsync("tag=juniper-a"));
        Assert.Equal(2, (await _anonymous.SearchAsync("q=juniper&limit=2&category=search&tag=juniper-b")).GetProperty("total").GetInt64());
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    [Fact]
    public async Task A_listing_with_the_longest_description_is_published_and_found_by_its_last_word()
    {
        // 550 distinct words, 4,949 characters: a full-text document of several kilobytes, more than
        // one B-tree index entry may hold, so no index may carry the document whole.
        var description = string.Join(' ', Enumerable.Range(0, 550).Select(i => $"qz{i:x6}"));
        var listed = await api.ListAsync(agent, new CatalogEntry("Verbose Vetch", description));

        Assert.Equal([listed.Name], (await _anonymous.SearchAsync("q=qz000225")).Names());
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    [Fact]
    public async Task Editing_the_agent_in_the_registry_updates_its_search_entry()
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Marmalade Parser", Tags: ["jam"]));
        using var owner = api.ClientFor(listed.Publisher);

        var patched = await owner.PatchAsJsonAsync($"/api/v1/agents/{listed.AgentId}", new { name = "Gooseberry Parser", tags = new[] { "preserves" } });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        Assert.Empty((await _anonymous.SearchAsync("q=marmalade")).Names());
        Assert.Equal(["Gooseberry Parser"], (await _anonymous.SearchAsync("q=gooseberry")).Names());
        Assert.Equal(["Gooseberry Parser"], (await _anonymous.SearchAsync("q=gooseberry&tag=preserves")).Names());
    }

    [Fact]
    public async Task Min_rating_zero_is_no_minimum_and_keeps_unrated_agents()
    {
        var rated = await api.ListAsync(agent, new CatalogEntry("Galangal Rated"));
        await api.ListAsync(agent, new CatalogEntry("Galangal Unrated"));
        await ReviewManyAsync(rated.AgentId, 2);

        Assert.Equal(["Galangal Rated", "Galangal Unrated"], (await _anonymous.SearchAsync("q=galangal&minRating=0")).Names().Order());
        Assert.Equal(["Galangal Rated"], (await _anonymous.SearchAsync("q=galangal&minRating=1")).Names());
    }

    [Fact]
    public async Task Rating_sort_uses_a_bayesian_average_so_one_five_star_review_does_not_beat_many_good_ones()
    {
        var lucky = await api.ListAsync(agent, new CatalogEntry("Tamarind Lucky"));
        var proven = await api.ListAsync(agent, new CatalogEntry("Tamarind Proven"));
        var unrated = await api.ListAsync(agent, new CatalogEntry("Tamarind Unrated"));
        await ReviewManyAsync(lucky.AgentId, 5);
        await ReviewManyAsync(proven.AgentId, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4);

        var results = await _anonymous.SearchAsync("q=tamarind&sort=rating");

        Assert.Equal(["Tamarind Proven", "Tamarind Lucky", "Tamarind Unrated"], results.Names());
        var luckyItem = results.GetProperty("items")[1];
        Assert.Equal(5.0, luckyItem.GetProperty("rating").GetProperty("average").GetDouble());
        Assert.Equal(1, luckyItem.GetProperty("rating").GetProperty("count").GetInt32());
        Assert.Equal(["Tamarind Lucky"], (await _anonymous.SearchAsync("q=tamarind&minRating=4.7")).Names());
        Assert.Equal(["Tamarind Lucky", "Tamarind Proven"], (await _anonymous.SearchAsync("q=tamarind&minRating=4")).Names().Order());
        Assert.Equal(unrated.Name, (await _anonymous.SearchAsync("q=tamarind&sort=rating")).Names()[^1]);
    }

    [Fact]
    public async Task Popular_sort_counts_deployments_and_invocations()
    {
        var quiet = await api.ListAsync(agent, new CatalogEntry("Pomelo Quiet"));
        var busy = await api.ListAsync(agent, new CatalogEntry("Pomelo Busy"));
        using var user = api.ClientFor(await api.RegisterAsync());
        var deployment = (await user.DeployAsync(busy.AgentId)).GetProperty("id").GetGuid();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.InvokeAsync(deployment, "echo", new { text = "hi" })).StatusCode);
        }

        // Invocation counts arrive after the callers are answered; wait for them, do not time them.
        var names = await Eventually.ValueAsync(async () => (await _anonymous.SearchAsync("q=pomelo&sort=popular")).Names(),
            found => found[0] == busy.Name, Eventually.Timeout, "The called listing should become the more popular one");

        Assert.Equal([busy.Name, quiet.Name], names);
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    [Fact]
    public async Task A_listing_published_between_pages_causes_neither_duplicates_nor_gaps()
    {
        var originals = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            originals.Add((await api.ListAsync(agent, new CatalogEntry($"Kumquat Agent {i}"))).Name);
        }

        var first = await _anonymous.SearchAsync("q=kumquat&sort=newest&limit=2");
        await api.ListAsync(agent, new CatalogEntry("Kumquat Latecomer"));
        var seen = first.Names().ToList();
        var cursor = first.GetProperty("nextCursor").GetString();
        while (cursor is not null)
        {
            var page = await _anonymous.SearchAsync($"q=kumquat&sort=newest&limit=2&cursor={cursor}");
            seen.AddRange(page.Names());
            cursor = page.GetProperty("nextCursor").GetString();
        }

        Assert.Equal(originals.Order(), seen.Order());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }
}
