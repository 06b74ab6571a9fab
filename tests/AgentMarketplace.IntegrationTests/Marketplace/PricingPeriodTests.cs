using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.Marketplace.Listings;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>A class of its own: it moves the host's clock into the next billing period.</summary>
public sealed class PricingPeriodTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task A_price_change_applies_from_the_next_period_and_the_old_price_stays_in_the_history()
    {
        var published = await api.PublishSampleAsync(agent);
        using var owner = api.ClientFor(published.Publisher);
        var id = (await (await owner.PostAsJsonAsync("/api/v1/listings", new
        {
            agentId = published.AgentId,
            pricing = new { model = "per_call", currency = "USD", unitPriceCents = 5 },
        })).JsonAsync(HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await owner.PostAsync($"/api/v1/listings/{id}/publish", null);

        var changed = await (await owner.PutAsJsonAsync($"/api/v1/listings/{id}/pricing",
            new { pricing = new { model = "per_call", currency = "USD", unitPriceCents = 9 } })).JsonAsync(HttpStatusCode.OK);

        var now = api.Clock.GetUtcNow();
        var nextPeriod = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        Assert.Equal(5, changed.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());
        Assert.Equal(nextPeriod, changed.GetProperty("nextPricing").GetProperty("effectiveFrom").GetDateTimeOffset());
        Assert.Equal(9, changed.GetProperty("nextPricing").GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());

        api.Clock.SetUtcNow(nextPeriod.AddMinutes(1));
        using var anonymous = api.CreateClient();
        var later = await (await anonymous.GetAsync($"/api/v1/listings/{id}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(9, later.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64());
        Assert.Equal([5L, 9L], later.GetProperty("priceHistory").EnumerateArray()
            .Select(p => p.GetProperty("pricing").GetProperty("unitPriceCents").GetInt64()));

        // Search sorts and filters by the price in force, which the maintenance job brings up to date
        // (its timer may already have run on the moved clock; running it again is harmless).
        var slug = published.Slug;
        await api.Services.GetRequiredService<MarketplaceMaintenance>().RunOnceAsync(CancellationToken.None);
        Assert.DoesNotContain(await SearchPricesAsync(anonymous, "maxPriceCents=5"), s => s == slug);
        Assert.Contains(await SearchPricesAsync(anonymous, "maxPriceCents=9"), s => s == slug);
        // Text ranks from the search documents, which follow the price in force too.
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
    }

    private static async Task<IEnumerable<string>> SearchPricesAsync(HttpClient client, string query) =>
        (await client.SearchAsync(query)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!);
}
