using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    public static IReadOnlyList<string> Names(this JsonElement results) =>
        results.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToList();
}
