using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Platform;

/// <summary>
/// The platform's own meters. Measurements are counted with a process-wide MeterListener (other test
/// classes may add to the same instruments, so the assertions are "at least what this test did");
/// /metrics is checked for exposing the series.
/// </summary>
public sealed class PlatformMetricsTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task Invocations_usage_events_and_verifications_are_measured_and_exposed_on_metrics()
    {
        using var measured = new MeasurementCounter(
            "agentmarketplace.gateway.invocations", "agentmarketplace.usage.events", "agentmarketplace.verification.results");

        var published = await api.PublishSampleAsync(agent);
        using var client = api.ClientFor(await api.RegisterAsync());
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "metered" })).StatusCode);
        }

        Assert.True(measured.Total("agentmarketplace.gateway.invocations", "outcome", "success") >= 3);
        Assert.True(measured.Total("agentmarketplace.usage.events") >= 3);
        Assert.True(measured.Total("agentmarketplace.verification.results", "status", "verified") >= 1);
        using var scraper = api.CreateClient();
        var metrics = await scraper.GetStringAsync("/metrics");
        Assert.Contains("agentmarketplace_gateway_invocations_total{", metrics, StringComparison.Ordinal);
        Assert.Contains("agentmarketplace_gateway_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("agentmarketplace_usage_events_total", metrics, StringComparison.Ordinal);
        Assert.Contains("agentmarketplace_verification_results_total{", metrics, StringComparison.Ordinal);
    }

    /// <summary>Sums long counters' measurements by instrument and one tag, from creation until disposal.</summary>
    private sealed class MeasurementCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentBag<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _seen = [];

        public MeasurementCounter(params string[] instruments)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instruments.Contains(instrument.Name))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _seen.Add((instrument.Name, value, tags.ToArray())));
            _listener.Start();
        }

        public long Total(string instrument, string? tag = null, string? value = null) =>
            _seen.Where(m => m.Instrument == instrument
                    && (tag is null || m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))))
                .Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();
    }
}
