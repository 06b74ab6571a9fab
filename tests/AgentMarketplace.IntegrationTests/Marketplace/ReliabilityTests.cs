using System.Net;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>Reliability measured from real calls through the gateway to the sample agent, shown per version, filtered and sorted in search.</summary>
/// <remarks>The gateway host: its small answer limit makes a long echo an agent failure.</remarks>
public sealed class ReliabilityTests(GatewayFactory api, SampleAgentHost agent)
    : IClassFixture<GatewayFactory>, IClassFixture<SampleAgentHost>
{
    /// <summary>A listed agent and a consumer's deployment of it.</summary>
    private sealed record Deployed(ListedAgent Listed, HttpClient Consumer, Guid DeploymentId);

    /// <summary>Lists an agent under <paramref name="tag"/>, deploys it and calls it: <paramref name="successes"/> good calls, <paramref name="failures"/> the agent fails.</summary>
    private async Task<Deployed> ListAndCallAsync(string name, string tag, int successes, int failures)
    {
        var listed = await api.ListAsync(agent, new CatalogEntry(name, Tags: [tag]));
        var consumer = api.ClientFor(await api.RegisterAsync());
        var deployed = new Deployed(listed, consumer, (await consumer.DeployAsync(listed.AgentId)).GetProperty("id").GetGuid());
        await CallAsync(deployed, successes, failures);
        return deployed;
    }

    private static async Task CallAsync(Deployed deployed, int successes, int failures)
    {
        for (var i = 0; i < successes; i++)
        {
            (await deployed.Consumer.InvokeAsync(deployed.DeploymentId, "echo", new { text = "hello" })).EnsureSuccessStatusCode();
        }

        var oversized = new string('x', GatewayFactory.MaxResponseBytes * 2);
        for (var i = 0; i < failures; i++)
        {
            await (await deployed.Consumer.InvokeAsync(deployed.DeploymentId, "echo", new { text = oversized })).AssertProblemAsync(HttpStatusCode.BadGateway);
        }

        // The caller's own mistake never reaches the agent and never counts.
        await (await deployed.Consumer.InvokeAsync(deployed.DeploymentId, "echo", new { wrong = 1 })).AssertValidationErrorAsync("input");
    }

    [Fact]
    public async Task Reliability_comes_from_real_calls_shows_per_version_and_filters_and_sorts_search()
    {
        var tag = "rel-" + Guid.NewGuid().ToString("N")[..8];
        var steady = await ListAndCallAsync("Steady Echo", tag, successes: 20, failures: 0);
        var shaky = (await ListAndCallAsync("Shaky Echo", tag, successes: 16, failures: 4)).Listed;
        var quiet = (await ListAndCallAsync("Quiet Echo", tag, successes: 3, failures: 0)).Listed;
        using var anonymous = api.CreateClient();

        // Figures are announced after the callers are answered.
        var sorted = await Eventually.ValueAsync(() => anonymous.SearchAsync($"tag={tag}&sort=reliability"),
            page => page.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("reliability").ValueKind == JsonValueKind.Object) == 2,
            Eventually.Timeout, "Both busy agents' reliability should reach search");

        Assert.Equal(["Steady Echo", "Shaky Echo", "Quiet Echo"], sorted.Names());
        var shakyItem = sorted.GetProperty("items")[1].GetProperty("reliability");
        Assert.Equal(20, shakyItem.GetProperty("calls").GetInt64());
        Assert.Equal(0.8, shakyItem.GetProperty("successRate").GetDouble());
        Assert.Equal("7d", shakyItem.GetProperty("window").GetString());
        Assert.Equal(JsonValueKind.Null, sorted.GetProperty("items")[2].GetProperty("reliability").ValueKind);
        // A facet with the filter counts its total from the facets' copy of the rate, text with it ranks from the
        // documents' copy: both say what the listings say. (A page of one: a text search that fills less than its
        // page falls back to typo tolerance, which reads the listings.)
        var steadyOnly = await anonymous.SearchAsync($"tag={tag}&minSuccessRate=0.9");
        Assert.Equal(["Steady Echo"], steadyOnly.Names());
        Assert.Equal(1, steadyOnly.GetProperty("total").GetInt32());
        Assert.Equal(["Steady Echo", "Shaky Echo"], (await anonymous.SearchAsync($"tag={tag}&minSuccessRate=0.5&sort=reliability")).Names());
        Assert.Equal(1.0, sorted.GetProperty("items")[0].GetProperty("reliability").GetProperty("successRate").GetDouble());
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
        Assert.Equal(["Steady Echo"], (await anonymous.SearchAsync($"q=echo&tag={tag}&minSuccessRate=0.9&limit=1")).Names());
        var byText = await anonymous.SearchAsync($"q=echo&tag={tag}&minSuccessRate=0.5&limit=1");
        Assert.Equal(2, byText.GetProperty("total").GetInt32());

        var page = await (await anonymous.GetAsync($"/api/v1/agents/{shaky.AgentId}")).JsonAsync(HttpStatusCode.OK);
        var version = page.GetProperty("versions")[0];
        var reliability = version.GetProperty("reliability");
        Assert.Equal(20, reliability.GetProperty("calls").GetInt64());
        Assert.Equal(0.8, reliability.GetProperty("successRate").GetDouble());
        Assert.InRange(reliability.GetProperty("p50LatencyMs").GetInt32(), 0, reliability.GetProperty("p95LatencyMs").GetInt32());
        Assert.Equal(20, version.GetProperty("reliability30d").GetProperty("calls").GetInt64());
        var steadyPage = await (await anonymous.GetAsync($"/api/v1/agents/{steady.Listed.AgentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1.0, steadyPage.GetProperty("versions")[0].GetProperty("reliability").GetProperty("successRate").GetDouble());
        // Three calls are below the minimum: no figure rather than a misleading one.
        var quietPage = await (await anonymous.GetAsync($"/api/v1/agents/{quiet.AgentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, quietPage.GetProperty("versions")[0].GetProperty("reliability").ValueKind);

        // The steady agent falters (20 of 24 calls succeed): the copies follow its listing's new rate.
        await CallAsync(steady, successes: 0, failures: 4);
        var faltered = await Eventually.ValueAsync(() => anonymous.SearchAsync($"tag={tag}&minSuccessRate=0.9"),
            page => page.GetProperty("total").GetInt32() == 0, Eventually.Timeout, "No listing of the tag should keep a 0.9 success rate");
        Assert.Empty(faltered.Names());
        var steadyNow = (await anonymous.SearchAsync($"tag={tag}")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("name").GetString() == "Steady Echo");
        Assert.InRange(steadyNow.GetProperty("reliability").GetProperty("successRate").GetDouble(), 0.8, 0.9);
        Assert.Equal(0, await api.SearchCopiesDifferingFromListingsAsync());
        Assert.Empty((await anonymous.SearchAsync($"q=echo&tag={tag}&minSuccessRate=0.9&limit=1")).Names());
        Assert.Equal(2, (await anonymous.SearchAsync($"q=echo&tag={tag}&minSuccessRate=0.8&limit=1")).GetProperty("total").GetInt32());
        var bothFalter = await anonymous.SearchAsync($"tag={tag}&minSuccessRate=0.8");
        Assert.Equal(["Shaky Echo", "Steady Echo"], bothFalter.Names().Order());
        Assert.Equal(2, bothFalter.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Text_with_a_minimum_success_rate_finds_every_listing_at_or_above_it_around_the_reliable_line()
    {
        // Exactly at the reliable line (0.9), above it and below it. Text with a minimum of 0.9 or more reads the reliable
        // documents' own index, text with a lower minimum every match. Pages of one, so that each search fills its page
        // from the words as typed and never falls back to typo tolerance, which reads the listings instead.
        var tag = "line-" + Guid.NewGuid().ToString("N")[..8];
        await ListAndCallAsync("Echo At The Line", tag, successes: 18, failures: 2);
        await ListAndCallAsync("Echo Above The Line", tag, successes: 20, failures: 0);
        await ListAndCallAsync("Echo Below The Line", tag, successes: 17, failures: 3);
        using var anonymous = api.CreateClient();
        await Eventually.ValueAsync(() => anonymous.SearchAsync($"tag={tag}&minSuccessRate=0.5"),
            page => page.GetProperty("total").GetInt32() == 3, Eventually.Timeout, "All three agents' reliability should reach search");

        async Task<int> TotalAsync(string minimum) =>
            (await anonymous.SearchAsync($"q=echo&tag={tag}&minSuccessRate={minimum}&limit=1")).GetProperty("total").GetInt32();

        Assert.Equal(2, await TotalAsync("0.9"));
        Assert.Equal(1, await TotalAsync("0.95"));
        Assert.Equal(3, await TotalAsync("0.85"));
        Assert.Equal(2, await TotalAsync("0.86"));
    }

    [Theory]
    [InlineData("minSuccessRate=1.5", "minSuccessRate")]
    [InlineData("minSuccessRate=-0.1", "minSuccessRate")]
    [InlineData("minSuccessRate=NaN", "minSuccessRate")]
    [InlineData("sort=flaky", "sort")]
    public async Task A_success_rate_filter_out_of_range_is_a_400_naming_it(string query, string field)
    {
        using var anonymous = api.CreateClient();

        await (await anonymous.GetAsync("/api/v1/marketplace/search?" + query)).AssertValidationErrorAsync(field);
    }
}
