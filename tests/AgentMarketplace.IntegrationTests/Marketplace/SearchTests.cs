using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>A small fixed catalog, built once over the public API, that the search tests only read.</summary>
public sealed class SearchCorpus : IAsyncLifetime
{
    public MarketplaceApiFactory Api { get; } = new();
    public SampleAgentHost Agent { get; } = new();

    /// <summary>The published entries, oldest first (a minute apart on the host's clock).</summary>
    public List<ListedAgent> Published { get; } = [];

    public async Task InitializeAsync()
    {
        await Api.InitializeAsync();
        await Agent.InitializeAsync();
        CatalogEntry[] entries =
        [
            new("Summarizer Pro", "Condenses long documents into short briefs.", ["summarization"], ["briefs"], ["summarize"], TestCatalog.PerCall(5)),
            new("Doc Digest", "Turns reports into bullet points.", ["productivity"], ["summarize", "digest"], ["summarize", "word-count"], TestCatalog.PerCall(2)),
            new("Polyglot Translator", "Translates between forty languages and can summarize paragraphs too.", ["translation"], ["languages"], ["echo"]),
            new("Mood Meter", "Scores the feeling of customer feedback.", ["analytics", "classification"], ["sentiment", "feedback"], ["sentiment"],
                new { model = "subscription", currency = "USD", monthlyFeeCents = 900, includedUnits = 1000, unitPriceCents = 1 }),
            new("Word Tally", "Counts words in any text.", ["analytics"], ["counting"], ["word-count"],
                new { model = "per_unit", currency = "USD", unitPriceCents = 1 }),
            new("Legacy Echo", "Repeats what it hears; its only version is deprecated.", ["other"], ["echo"], ["echo"]),
        ];
        foreach (var entry in entries)
        {
            Published.Add(await Api.ListAsync(Agent, entry));
            Api.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await Api.ListAsync(Agent, new CatalogEntry("Hidden Summary Bot", "Summarize everything, but never listed.", Publish: false));
        using var legacyOwner = Api.ClientFor(Published[^1].Publisher);
        var deprecated = await legacyOwner.PostAsJsonAsync($"/api/v1/agents/{Published[^1].AgentId}/versions/1.0.0/deprecate", new { reason = "Superseded." });
        Assert.Equal(HttpStatusCode.OK, deprecated.StatusCode);
    }

    public async Task DisposeAsync()
    {
        await Agent.DisposeAsync();
        await Api.DisposeAsync();
    }
}

public sealed class SearchTests(SearchCorpus corpus) : IClassFixture<SearchCorpus>
{
    private readonly HttpClient _anonymous = corpus.Api.CreateClient();

    [Fact]
    public async Task Relevance_ranks_a_name_match_above_a_tag_match_above_a_description_match_and_leaves_out_unpublished_listings()
    {
        var results = await _anonymous.SearchAsync("q=summarize");

        Assert.Equal(["Summarizer Pro", "Doc Digest", "Polyglot Translator"], results.Names());
        Assert.Equal(3, results.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task A_misspelt_query_still_finds_the_agent()
    {
        var names = (await _anonymous.SearchAsync("q=sumariz")).Names();

        Assert.Contains("Summarizer Pro", names);
        Assert.Contains("Doc Digest", names);
        Assert.DoesNotContain("Mood Meter", names);
        Assert.DoesNotContain("Hidden Summary Bot", names);
    }

    [Fact]
    public async Task Each_word_may_carry_its_own_typo_and_stop_words_are_ignored()
    {
        Assert.Equal(["Summarizer Pro"], (await _anonymous.SearchAsync("q=sumarizer%20briefs")).Names());
        Assert.Equal(["Mood Meter"], (await _anonymous.SearchAsync("q=the%20feeling%20of%20customers")).Names());
        Assert.Empty((await _anonymous.SearchAsync("q=the%20of")).Names());
    }

    [Fact]
    public async Task A_word_prefix_matches_and_every_word_of_the_query_must_match()
    {
        Assert.Equal(["Doc Digest", "Polyglot Translator", "Summarizer Pro"], (await _anonymous.SearchAsync("q=summ")).Names().Order(StringComparer.Ordinal));
        Assert.Equal(["Mood Meter"], (await _anonymous.SearchAsync("q=customer%20feedback")).Names());
    }

    [Fact]
    public async Task An_item_carries_the_contract_fields()
    {
        var item = (await _anonymous.SearchAsync("q=summarizer")).GetProperty("items")[0];

        Assert.Equal(corpus.Published[0].AgentId, item.GetProperty("agentId").GetGuid());
        Assert.StartsWith("cat-", item.GetProperty("slug").GetString());
        Assert.Equal("Condenses long documents into short briefs.", item.GetProperty("summary").GetString());
        Assert.Equal(["summarization"], item.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(0, item.GetProperty("rating").GetProperty("count").GetInt32());
        Assert.Equal("per_call", item.GetProperty("pricing").GetProperty("model").GetString());
        Assert.Equal(5, item.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());
        Assert.True(item.GetProperty("verified").GetBoolean());
        Assert.Equal("1.0.0", item.GetProperty("latestVersion").GetString());
    }

    [Theory]
    [InlineData("category=analytics", new[] { "Mood Meter", "Word Tally" })]
    [InlineData("tag=digest", new[] { "Doc Digest" })]
    [InlineData("capability=word-count", new[] { "Doc Digest", "Word Tally" })]
    [InlineData("pricingModel=free", new[] { "Legacy Echo", "Polyglot Translator" })]
    [InlineData("pricingModel=subscription", new[] { "Mood Meter" })]
    [InlineData("maxPriceCents=2", new[] { "Doc Digest", "Legacy Echo", "Polyglot Translator", "Word Tally" })]
    [InlineData("verifiedOnly=true", new[] { "Doc Digest", "Mood Meter", "Polyglot Translator", "Summarizer Pro", "Word Tally" })]
    [InlineData("q=summarize&category=summarization", new[] { "Summarizer Pro" })]
    [InlineData("q=summarize&maxPriceCents=2", new[] { "Doc Digest", "Polyglot Translator" })]
    public async Task Each_filter_narrows_the_results_and_the_total(string query, string[] expected)
    {
        var results = await _anonymous.SearchAsync(query);

        Assert.Equal(expected, results.Names().Order(StringComparer.Ordinal));
        Assert.Equal(expected.Length, results.GetProperty("total").GetInt64());
        Assert.True(results.GetProperty("totalExact").GetBoolean());
    }

    [Fact]
    public async Task A_deprecated_only_version_shows_as_unverified()
    {
        var legacy = (await _anonymous.SearchAsync("q=legacy")).GetProperty("items")[0];

        Assert.False(legacy.GetProperty("verified").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, legacy.GetProperty("latestVersion").ValueKind);
    }

    [Fact]
    public async Task Price_sort_is_ascending_by_the_plans_headline_price()
    {
        var items = (await _anonymous.SearchAsync("sort=price")).GetProperty("items").EnumerateArray().ToList();

        Assert.Equal(6, items.Count);
        Assert.Equal(["Mood Meter", "Summarizer Pro", "Doc Digest"], items.Select(i => i.GetProperty("name").GetString()).Reverse().Take(3));
    }

    [Fact]
    public async Task Newest_sort_lists_the_latest_published_first()
    {
        var names = (await _anonymous.SearchAsync("sort=newest")).Names();

        Assert.Equal(corpus.Published.Select(p => p.Name).Reverse(), names);
    }

    [Theory]
    [InlineData("sort=newest")]
    [InlineData("sort=price")]
    [InlineData("sort=rating")]
    [InlineData("sort=popular")]
    [InlineData("q=summ")]
    public async Task Cursor_pages_walk_the_whole_result_without_duplicates_or_gaps(string query)
    {
        var all = (await _anonymous.SearchAsync(query + "&limit=100")).Names();
        var walked = await _anonymous.SearchAllPagesAsync(query, 2, page => Assert.Equal(all.Count, page.GetProperty("total").GetInt64()));

        Assert.Equal(all, walked);
    }

    [Theory]
    [InlineData("q=sumariz")]
    [InlineData("q=summarize")]
    [InlineData("q=summarize&sort=newest")]
    [InlineData("verifiedOnly=true&sort=rating")]
    public async Task One_row_pages_walk_the_same_rows_in_the_same_order_as_one_page_and_carry_its_total(string query)
    {
        var whole = await _anonymous.SearchAsync(query + "&limit=100");
        var walked = await _anonymous.SearchAllPagesAsync(
            query, 1, page => Assert.Equal(whole.GetProperty("total").GetInt64(), page.GetProperty("total").GetInt64()));

        Assert.True(walked.Count > 1);
        Assert.Equal(whole.Names(), walked);
    }

    [Theory]
    [InlineData("q=zzqxv")]
    [InlineData("q=summarize&category=vision")]
    [InlineData("category=vision")]
    public async Task A_search_matching_nothing_has_a_total_of_zero_and_no_cursor(string query)
    {
        var results = await _anonymous.SearchAsync(query);

        Assert.Empty(results.Names());
        Assert.Equal(0, results.GetProperty("total").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, results.GetProperty("nextCursor").ValueKind);
    }

    [Theory]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("pricingModel=auction", "pricingModel")]
    [InlineData("maxPriceCents=-1", "maxPriceCents")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("minRating=6", "minRating")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=eyJxdWVyeSI6IngiLCJpZCI6IjAxOTM0YjAwLTAwMDAtNzAwMC04MDAwLTAwMDAwMDAwMDAwMSJ9", "cursor")]
    public async Task Bad_parameters_are_a_400_naming_the_field(string query, string field)
    {
        var response = await _anonymous.GetAsync("/api/v1/marketplace/search?" + query);

        await response.AssertValidationErrorAsync(field);
    }

    [Fact]
    public async Task A_query_over_200_characters_is_a_400_and_an_unparsable_number_is_a_400()
    {
        await (await _anonymous.GetAsync("/api/v1/marketplace/search?q=" + new string('a', 1000))).AssertValidationErrorAsync("q");
        await (await _anonymous.GetAsync("/api/v1/marketplace/search?maxPriceCents=cheap")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cursor_from_another_query_is_a_400()
    {
        var first = await _anonymous.SearchAsync("sort=newest&limit=1");
        var cursor = first.GetProperty("nextCursor").GetString();

        var response = await _anonymous.GetAsync($"/api/v1/marketplace/search?sort=price&limit=1&cursor={cursor}");

        await response.AssertValidationErrorAsync("cursor");
    }

    [Theory]
    [InlineData("'; DROP TABLE marketplace.listings; --")]
    [InlineData("summarize' OR '1'='1")]
    [InlineData("!!! :* & | <-> ()")]
    public async Task SQL_and_query_syntax_in_the_text_are_just_text(string text)
    {
        var response = await _anonymous.GetAsync("/api/v1/marketplace/search?q=" + Uri.EscapeDataString(text));

        await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(6, (await _anonymous.SearchAsync("sort=newest")).GetProperty("total").GetInt64());
    }
}
