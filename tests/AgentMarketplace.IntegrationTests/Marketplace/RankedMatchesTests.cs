using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

public sealed class RankedMatchesFromEveryMatchTests(ThreeRankedMatchesFactory api, SampleAgentHost agent)
    : RankedMatchesTests(api, agent), IClassFixture<ThreeRankedMatchesFactory>, IClassFixture<SampleAgentHost>
{
    protected override bool Walks => false;
}

public sealed class RankedMatchesFromPopularityWalkTests(ThreeRankedMatchesWalkingFactory api, SampleAgentHost agent)
    : RankedMatchesTests(api, agent), IClassFixture<ThreeRankedMatchesWalkingFactory>, IClassFixture<SampleAgentHost>
{
    protected override bool Walks => true;
}

/// <summary>
/// Relevance over many matches: the most popular ones (Marketplace:RankedMatches, here 3) are ranked by
/// how well they match, the rest follow by popularity, and text totals count up to that number. Run
/// once for walking the popularity index and once for reading every match; a popularity floor needs
/// statistics these few listings cannot give, and has PopularityFloorTests. Each test narrows its
/// searches by a word only its listings carry.
/// </summary>
public abstract class RankedMatchesTests(ThreeRankedMatchesFactory api, SampleAgentHost agent)
{
    private readonly HttpClient _anonymous = api.CreateClient();

    /// <summary>Whether this host walks the popularity index (its cursors say so).</summary>
    protected abstract bool Walks { get; }

    [Fact]
    public async Task Relevance_ranks_the_most_popular_matches_and_the_rest_follow_by_popularity()
    {
        // Popularity 4 … 0; by relevance alone the two name matches (Weigher, Sorter) would lead.
        var logger = await api.ListAsync(agent, new CatalogEntry("Harvest Logger", "Logs every zucchini picked."));
        var planner = await api.ListAsync(agent, new CatalogEntry("Garden Planner", Tags: ["zucchini"]));
        var weigher = await api.ListAsync(agent, new CatalogEntry("Zucchini Weigher"));
        var counter = await api.ListAsync(agent, new CatalogEntry("Crop Counter", "Counts each zucchini in a crate."));
        var sorter = await api.ListAsync(agent, new CatalogEntry("Zucchini Sorter"));
        await api.MakePopularAsync(logger, 4);
        await api.MakePopularAsync(planner, 3);
        await api.MakePopularAsync(weigher, 2);
        await api.MakePopularAsync(counter, 1);
        await api.WaitForPopularityAsync((logger, 4), (planner, 3), (weigher, 2), (counter, 1), (sorter, 0));

        // The three most popular ranked (name, then tag, then description), then the rest by popularity.
        IReadOnlyList<string> expected = [weigher.Name, planner.Name, logger.Name, counter.Name, sorter.Name];
        var first = await _anonymous.SearchAsync("q=zucchini&limit=4");
        Assert.Equal(expected.Take(4), first.Names());
        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.False(first.GetProperty("totalExact").GetBoolean());

        Assert.Equal(expected, (await _anonymous.SearchAsync("q=zucchini&limit=10")).Names());
        // Filtered, the same order (candidates found through the search documents' GIN indexes, never by a walk).
        Assert.Equal(expected, (await _anonymous.SearchAsync("q=zucchini&verifiedOnly=true&limit=10")).Names());
        // Pages that end inside the ranked head, on its last row and inside the tail walk the same rows.
        Assert.Equal(expected, await _anonymous.SearchAllPagesAsync("q=zucchini", 1));
        Assert.Equal(expected, await _anonymous.SearchAllPagesAsync("q=zucchini", 2));
        Assert.Equal(expected, await _anonymous.SearchAllPagesAsync("q=zucchini", 3));

        // The cursor says whether the candidates were found by walking: this host's way.
        Assert.Equal(Walks, first.Cursor().TryGetProperty("walk", out var walk) && walk.GetBoolean());
    }

    [Fact]
    public async Task Totals_are_exact_up_to_their_limit_and_a_lower_bound_past_it()
    {
        for (var i = 0; i < 4; i++)
        {
            await api.ListAsync(agent, new CatalogEntry($"Parsnip Tool {i}", Tags: i < 3 ? ["parsnip-all", "parsnip-few"] : ["parsnip-all"]));
        }

        // limit=3: the words as typed fill the page, so no typo-tolerant fallback answers instead.
        var few = await _anonymous.SearchAsync("q=parsnip&tag=parsnip-few&limit=3");
        Assert.Equal(3, few.GetProperty("total").GetInt64());
        Assert.True(few.GetProperty("totalExact").GetBoolean());
        var fewWithoutText = await _anonymous.SearchAsync("tag=parsnip-few");
        Assert.Equal(3, fewWithoutText.GetProperty("total").GetInt64());
        Assert.True(fewWithoutText.GetProperty("totalExact").GetBoolean());

        // Four matches: every page says "at least 3", and paging still reaches all four.
        foreach (var query in new[] { "q=parsnip", "q=parsnip&sort=newest", "q=parsnip%20tool&sort=price", "tag=parsnip-all", "tag=parsnip-all&verifiedOnly=true&sort=newest" })
        {
            var walked = await _anonymous.SearchAllPagesAsync(query, 1, page =>
            {
                Assert.Equal(3, page.GetProperty("total").GetInt64());
                Assert.False(page.GetProperty("totalExact").GetBoolean());
            });
            Assert.Equal(4, walked.Distinct().Count());
            Assert.Equal(4, walked.Count);
        }
    }

    [Fact]
    public async Task A_listing_published_between_ranked_pages_causes_neither_duplicates_nor_gaps()
    {
        // Six listings of popularity 1: three ranked, three in the tail; each newcomer (popularity 0)
        // belongs after all of them.
        var originals = new List<ListedAgent>();
        for (var i = 0; i < 6; i++)
        {
            var listed = await api.ListAsync(agent, new CatalogEntry($"Rutabaga Agent {i}"));
            await api.MakePopularAsync(listed, 1);
            originals.Add(listed);
        }

        await api.WaitForPopularityAsync(originals.Select(o => (o, 1L)).ToArray());

        var seen = new List<string>();
        var newcomers = new List<string>();
        string? cursor = null;
        do
        {
            var page = await _anonymous.SearchAsync("q=rutabaga&limit=2" + (cursor is null ? "" : "&cursor=" + cursor));
            seen.AddRange(page.Names());
            cursor = page.GetProperty("nextCursor").GetString();
            if (newcomers.Count < 2)
            {
                // After page 1 the next page starts inside the ranked head, after page 2 inside the tail.
                newcomers.Add((await api.ListAsync(agent, new CatalogEntry($"Rutabaga Latecomer {newcomers.Count}"))).Name);
            }
        }
        while (cursor is not null);

        Assert.Equal(originals.Select(o => o.Name).Concat(newcomers).Order(), seen.Order());
    }
}
