using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>
/// Relevance looking for its candidates above a popularity floor (three ranked, a margin of 1). A class of
/// its own, so its database holds only these listings: the floor comes from PostgreSQL's statistics of every
/// search document, which the test gathers itself.
/// </summary>
public sealed class PopularityFloorTests(ThreeRankedMatchesFlooringFactory api, SampleAgentHost agent)
    : IClassFixture<ThreeRankedMatchesFlooringFactory>, IClassFixture<SampleAgentHost>
{
    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task A_floor_that_keeps_the_head_serves_the_page_and_one_that_cuts_it_is_read_again_without()
    {
        // Twelve okra graders of popularity 0 … 11; the six least popular are tagged okra-low. Each describes
        // itself in ten words of its own: PostgreSQL estimates a prefix (okra:*) from its statistics only
        // once they name at least 100 distinct words, and falls back to a guess of a few rows before that.
        var graders = new List<ListedAgent>();
        for (var i = 0; i < 12; i++)
        {
            var description = string.Join(' ', Enumerable.Range(0, 10).Select(w => $"w{i:00}x{w}"));
            graders.Add(await api.ListAsync(agent, new CatalogEntry($"Okra Grader {i:00}", description, Tags: [i < 6 ? "okra-low" : "okra-high"])));
            await api.MakePopularAsync(graders[i], i);
        }

        await api.WaitForPopularityAsync(graders.Select((g, i) => (g, (long)i)).ToArray());
        await AnalyzeSearchDocumentsAsync();
        // Search keeps the statistics it read for a minute: past it, whatever was read before is read again.
        api.Clock.Advance(TimeSpan.FromMinutes(2));

        // All twelve match: the floor a third of the documents reach (4 ÷ 12) keeps five of them, more than
        // the three ranked. Ranked (all equally relevant) come the three most popular, then the rest by popularity.
        var first = await _anonymous.SearchAsync("q=okra&limit=2");
        Assert.True(FloorOf(first) is > 0, "the first page's candidates should come from above a popularity floor");
        var all = await _anonymous.SearchAllPagesAsync("q=okra", 2);
        Assert.Equal(Graders(9, 10, 11), all.Take(3).Order());
        Assert.Equal(Graders(8, 7, 6, 5, 4, 3, 2, 1, 0), all.Skip(3));
        // Pages of four: the floored first page ends in the tail, found past the head's end.
        var fours = await _anonymous.SearchAllPagesAsync("q=okra", 4);
        Assert.Equal(all.Take(3).Order(), fours.Take(3).Order());
        Assert.Equal(all.Skip(3), fours.Skip(3));

        // Six match, all below the floor the statistics give (4 ÷ 6 of the documents reach about 3, which
        // keeps three of them, no more than are ranked): the page is read again without it.
        var low = await _anonymous.SearchAsync("q=okra&tag=okra-low&limit=2");
        Assert.Null(FloorOf(low));
        var lows = await _anonymous.SearchAllPagesAsync("q=okra&tag=okra-low", 2);
        Assert.Equal(Graders(3, 4, 5), lows.Take(3).Order());
        Assert.Equal(Graders(2, 1, 0), lows.Skip(3));
    }

    private static IEnumerable<string> Graders(params int[] popularities) => popularities.Select(p => $"Okra Grader {p:00}");

    /// <summary>The popularity floor the page's cursor says its candidates were found above, or null.</summary>
    private static long? FloorOf(JsonElement page) => page.Cursor().TryGetProperty("floor", out var floor) ? floor.GetInt64() : null;

    private async Task AnalyzeSearchDocumentsAsync()
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE marketplace.search_documents", connection);
        await command.ExecuteNonQueryAsync();
    }
}
