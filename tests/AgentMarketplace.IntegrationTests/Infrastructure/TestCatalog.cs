using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>What a marketplace entry is made of, for building search corpora through the public API.</summary>
public sealed record CatalogEntry(
    string Name,
    string Description = "A deterministic agent for tests.",
    string[]? Categories = null,
    string[]? Tags = null,
    string[]? Capabilities = null,
    object? Pricing = null,
    bool Publish = true);

/// <summary>A listed agent: its id, its listing's id and its publisher.</summary>
public sealed record ListedAgent(Guid AgentId, Guid ListingId, TestUser Publisher, string Name);

public static class TestCatalog
{
    /// <summary>
    /// What the search copies (search_documents, search_facets) get wrong: a published listing whose
    /// document is not exactly its search_vector, popularity and filter columns or whose facets are not exactly its
    /// categories, tags and capabilities with its success rate; a copy for a listing that is not published.
    /// Read directly: a text search that finds too little through a stale copy falls back to typo tolerance
    /// over the listings, which would hide it.
    /// </summary>
    public static async Task<long> SearchCopiesDifferingFromListingsAsync(this MarketplaceApiFactory api)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            WITH expected AS (
                SELECT 'category' AS kind, v AS value, id, reliability_success_rate AS rate
                  FROM marketplace.listings, unnest(categories) v WHERE status = 'published'
                UNION SELECT 'tag', v, id, reliability_success_rate FROM marketplace.listings, unnest(tags) v WHERE status = 'published'
                UNION SELECT 'capability', v, id, reliability_success_rate
                  FROM marketplace.listings, unnest(capabilities) v WHERE status = 'published')
            SELECT (SELECT count(*) FROM marketplace.listings l FULL JOIN marketplace.search_documents d ON d.id = l.id
                     WHERE CASE WHEN l.status = 'published'
                                THEN (d.search_vector, d.popularity, d.categories, d.tags, d.capabilities, d.pricing_model,
                                      d.price_cents, d.rating_average, d.verified, d.reliability_success_rate)
                                     IS DISTINCT FROM
                                     (l.search_vector, l.popularity, l.categories, l.tags, l.capabilities, l.pricing_model,
                                      l.price_cents, l.rating_average, l.verified, l.reliability_success_rate)
                                ELSE d.id IS NOT NULL END)
                 + (SELECT count(*) FROM expected e FULL JOIN marketplace.search_facets f
                        ON (f.kind, f.value, f.listing_id) = (e.kind, e.value, e.id)
                     WHERE e.id IS NULL OR f.listing_id IS NULL OR f.reliability_success_rate IS DISTINCT FROM e.rate)
            """, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public static object Free => new { model = "free", currency = "USD" };

    public static object PerCall(long cents) => new { model = "per_call", currency = "USD", unitPriceCents = cents };

    /// <summary>
    /// Registers the sample agent under the entry's name and metadata with only the given capabilities
    /// (all four by default), verifies it, lists it with the entry's pricing and, unless told not to, publishes it.
    /// </summary>
    public static async Task<ListedAgent> ListAsync(this MarketplaceApiFactory api, SampleAgentHost agent, CatalogEntry entry)
    {
        var publisher = await api.PublisherAsync();
        using var client = api.ClientFor(publisher);
        var created = await (await client.PostAsJsonAsync("/api/v1/agents", new
        {
            slug = TestAgents.NewSlug("cat"),
            name = entry.Name,
            description = entry.Description,
            categories = entry.Categories ?? ["other"],
            tags = entry.Tags ?? [],
        })).JsonAsync(HttpStatusCode.Created);
        var agentId = created.GetProperty("id").GetGuid();

        var version = await agent.RegistrationAsync("1.0.0");
        if (entry.Capabilities is { } wanted)
        {
            var kept = version["capabilities"]!.AsArray().Where(c => wanted.Contains(c!["name"]!.GetValue<string>())).Select(c => c!.DeepClone());
            version["capabilities"] = new JsonArray(kept.ToArray());
        }

        Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, version)).StatusCode);
        Assert.Equal("verified", (await client.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());

        var listing = await (await client.PostAsJsonAsync("/api/v1/listings", new { agentId, pricing = entry.Pricing ?? Free }))
            .JsonAsync(HttpStatusCode.Created);
        var listingId = listing.GetProperty("id").GetGuid();
        if (entry.Publish)
        {
            await (await client.PostAsync($"/api/v1/listings/{listingId}/publish", null)).JsonAsync(HttpStatusCode.OK);
        }

        return new ListedAgent(agentId, listingId, publisher, entry.Name);
    }

    public static async Task<JsonElement> SearchAsync(this HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/marketplace/search?" + query);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Gives the agent a popularity of <paramref name="deployments"/>: one user deploys it that many times.</summary>
    public static async Task MakePopularAsync(this MarketplaceApiFactory api, ListedAgent listed, int deployments)
    {
        using var user = api.ClientFor(await api.RegisterAsync());
        for (var i = 0; i < deployments; i++)
        {
            await user.DeployAsync(listed.AgentId);
        }
    }

    /// <summary>
    /// Deployment counts reach popularity after the deployment is answered: waits (not for a fixed time)
    /// until the listings' search copies carry these popularities.
    /// </summary>
    public static async Task WaitForPopularityAsync(this MarketplaceApiFactory api, params (ListedAgent Listed, long Popularity)[] expected)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FROM marketplace.search_documents d
              JOIN unnest(@ids, @popularities) AS e(id, popularity) ON e.id = d.id AND e.popularity = d.popularity
            """, connection);
        command.Parameters.AddWithValue("ids", expected.Select(e => e.Listed.ListingId).ToArray());
        command.Parameters.AddWithValue("popularities", expected.Select(e => e.Popularity).ToArray());
        await Eventually.ValueAsync(async () => (long)(await command.ExecuteScalarAsync())!, carried => carried == expected.Length, Eventually.Timeout,
            $"All {expected.Length} listings' search copies should carry their popularity");
    }

    /// <summary>
    /// Follows nextCursor from the first page of <paramref name="query"/> to the last, <paramref name="limit"/>
    /// rows a page, handing each page to <paramref name="eachPage"/>; the names of every row, in order.
    /// </summary>
    public static async Task<List<string>> SearchAllPagesAsync(this HttpClient client, string query, int limit, Action<JsonElement>? eachPage = null)
    {
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.SearchAsync($"{query}&limit={limit}" + (cursor is null ? "" : "&cursor=" + cursor));
            eachPage?.Invoke(page);
            walked.AddRange(page.Names());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        return walked;
    }

    /// <summary>What a search page's nextCursor holds (the server's own encoding: base64url JSON).</summary>
    public static JsonElement Cursor(this JsonElement page) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(page.GetProperty("nextCursor").GetString())).RootElement;

    public static IReadOnlyList<string> Names(this JsonElement results) =>
        results.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
}
