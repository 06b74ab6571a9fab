using System.Globalization;
using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// The platform's own meters on /metrics. Meter listeners are process-wide, so other test classes'
/// calls may add to the same series: the assertions are on increases of at least what this test did.
/// </summary>
public sealed class PlatformMetricsTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task Invocations_usage_events_and_verifications_are_counted_on_metrics()
    {
        using var scraper = api.CreateClient();
        var before = await scraper.GetStringAsync("/metrics");

        var published = await api.PublishSampleAsync(agent);
        using var client = api.ClientFor(await api.RegisterAsync());
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "metered" })).StatusCode);
        }

        var after = await scraper.GetStringAsync("/metrics");

        Assert.True(Sum(after, "agentmarketplace_gateway_invocations_total", "outcome=\"success\"")
            - Sum(before, "agentmarketplace_gateway_invocations_total", "outcome=\"success\"") >= 3);
        Assert.True(Sum(after, "agentmarketplace_usage_events_total") - Sum(before, "agentmarketplace_usage_events_total") >= 3);
        Assert.True(Sum(after, "agentmarketplace_verification_results_total", "status=\"verified\"")
            - Sum(before, "agentmarketplace_verification_results_total", "status=\"verified\"") >= 1);
        Assert.Contains("agentmarketplace_gateway_duration_seconds_bucket{", after, StringComparison.Ordinal);
    }

    /// <summary>
    /// The sum of a series' samples whose labels contain <paramref name="label"/>. A sample line is
    /// `name{labels} value` (this exporter writes no timestamps).
    /// </summary>
    private static double Sum(string metrics, string name, string? label = null) =>
        metrics.Split('\n')
            .Select(line => line.TrimEnd())
            .Where(line => (line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
                && (label is null || line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
}
