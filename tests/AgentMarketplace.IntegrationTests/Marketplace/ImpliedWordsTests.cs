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
    public async Task Words_the_facets_imply_rank_and_page_as_other_words_and_must_still_match()
    {
        // Popularity 4 … 0; two of the five have the word in their names, the rest only through the tag.
        string[] names = ["Farm Ledger", "Kohlrabi Crate Counter", "Field Mapper", "Kohlrabi Washer", "Crate Soil Probe"];
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
        Assert.Equal(["Kohlrabi Washer", "Crate Soil Probe"], all.Skip(3));
        foreach (var limit in new[] { 1, 2, 3, 4 })
        {
            Assert.Equal(all, await _anonymous.SearchAllPagesAsync(Tagged, limit, page => Assert.True(ImpliedOf(page) ?? true)));
        }

        // A word the tag does not imply is looked up as usual and narrows the matches.
        const string crate = "q=kohlrabi%20crate&tag=kohlrabi-farm";
        Assert.False(ImpliedOf(await _anonymous.SearchAsync(crate + "&limit=1")), "crate is not a word of the tag");
        Assert.Equal(["Kohlrabi Crate Counter", "Crate Soil Probe"], await _anonymous.SearchAllPagesAsync(crate, 1));

        // A document without its tag's words (a stale copy, which the service never leaves) is still not a match.
        await SetDocumentAsync(tools[0], "to_tsvector('english', 'ledger')");
        try
        {
            var pages = await _anonymous.SearchAllPagesAsync(Tagged, 2, page => Assert.True(ImpliedOf(page) ?? true));
            Assert.Equal(all.Where(name => name != "Farm Ledger").Order(), pages.Order());
        }
        finally
        {
            await SetDocumentAsync(tools[0], "(SELECT search_vector FROM marketplace.listings WHERE id = @id)");
        }

        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());

        // With a high minimum success rate the reliable documents' own text index narrows more than the tag: the words
        // are looked up there. Two tools earn their rate with real calls through the gateway.
        foreach (var tool in new[] { tools[2], tools[4] })
        {
            using var consumer = api.ClientFor(await api.RegisterAsync());
            await consumer.UseSampleAsync(tool.AgentId, calls: 20);
        }

        const string reliable = Tagged + "&minSuccessRate=0.9";
        var reliableFirst = await Eventually.ValueAsync(() => _anonymous.SearchAsync(reliable + "&limit=1"),
            page => page.GetProperty("total").GetInt64() == 2, Eventually.Timeout, "Both called tools' success rate should reach search");
        Assert.False(ImpliedOf(reliableFirst), "with the reliable documents' index the words should be looked up in it");
        Assert.Equal(["Crate Soil Probe", "Field Mapper"], (await _anonymous.SearchAllPagesAsync(reliable, 1)).Order());
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
