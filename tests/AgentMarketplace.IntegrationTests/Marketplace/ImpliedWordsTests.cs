using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>
/// Words that the facets a search filters by imply (`kohlrabi` in the tag kohlrabi-farm: every document with the tag
/// has the word) are matched on the documents the facets name, without the text index. Three ranked, as the service
/// chooses by default. A class of its own, so its database holds only these listings and may be made stale on purpose.
/// </summary>
public sealed class ImpliedWordsTests(ThreeRankedMatchesChoosingFactory api, SampleAgentHost agent)
    : IClassFixture<ThreeRankedMatchesChoosingFactory>, IClassFixture<SampleAgentHost>
{
    private const string Tagged = "q=kohlrabi&tag=kohlrabi-farm";

    private readonly HttpClient _anonymous = api.CreateClient();

    [Fact]
    public async Task Words_the_filters_imply_rank_and_page_as_other_words_and_must_still_match()
    {
        // Popularity 4 … 0; two of the five have the word in their names, the rest only through the tag.
        string[] names = ["Farm Ledger", "Kohlrabi Crate Counter", "Field Mapper", "Kohlrabi Washer", "Soil Probe"];
        var tools = new List<ListedAgent>();
        for (var i = 0; i < names.Length; i++)
        {
            tools.Add(await api.ListAsync(agent, new CatalogEntry(names[i], Tags: ["kohlrabi-farm"])));
            await api.MakePopularAsync(tools[i], names.Length - 1 - i);
        }

        await api.ListAsync(agent, new CatalogEntry("Kohlrabi Seller", Tags: ["kohlrabi-market"]));
        await api.WaitForPopularityAsync(tools.Select((t, i) => (t, (long)(names.Length - 1 - i))).ToArray());

        var first = await _anonymous.SearchAsync(Tagged + "&limit=2");
        Assert.True(ImpliedOf(first), "the tag implies the word, so the first page should say it found its matches without the text index");
        // The three most popular ranked (the name match first), then the rest by popularity, on pages of every size.
        var all = await _anonymous.SearchAllPagesAsync(Tagged, 10);
        Assert.Equal("Kohlrabi Crate Counter", all[0]);
        Assert.Equal(["Farm Ledger", "Field Mapper", "Kohlrabi Crate Counter"], all.Take(3).Order());
        Assert.Equal(["Kohlrabi Washer", "Soil Probe"], all.Skip(3));
        foreach (var limit in new[] { 1, 2, 3, 4 })
        {
            Assert.Equal(all, await _anonymous.SearchAllPagesAsync(Tagged, limit, page => Assert.True(ImpliedOf(page) ?? true)));
        }

        // A word the tag does not imply is looked up as usual and narrows the matches.
        var crate = await _anonymous.SearchAsync("q=kohlrabi%20crate&tag=kohlrabi-farm&limit=1");
        Assert.Equal(["Kohlrabi Crate Counter"], crate.Names());
        Assert.Equal(1, crate.GetProperty("total").GetInt64());

        // A document without its tag's words (a stale copy, which the service never leaves) is still not a match.
        await SetDocumentAsync(tools[0], "to_tsvector('english', 'ledger')");
        try
        {
            Assert.Equal(all.Where(name => name != "Farm Ledger").Order(), (await _anonymous.SearchAllPagesAsync(Tagged, 2)).Order());
        }
        finally
        {
            await SetDocumentAsync(tools[0], "(SELECT search_vector FROM marketplace.listings WHERE id = @id)");
        }

        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    /// <summary>Whether the page's cursor says the filters implied the words; null for a last page, which has no cursor.</summary>
    private static bool? ImpliedOf(JsonElement page) =>
        page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null
        : page.Cursor().TryGetProperty("implied", out var implied) && implied.GetBoolean();

    private async Task SetDocumentAsync(ListedAgent listed, string vector)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"UPDATE marketplace.search_documents SET search_vector = {vector} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", listed.ListingId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
