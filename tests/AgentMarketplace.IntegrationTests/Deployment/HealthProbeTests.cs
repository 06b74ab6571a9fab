using System.Net;
using System.Text.Json;
using AgentMarketplace.Deployment.Monitoring;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Deployment;

/// <summary>A class of its own: it moves the host's clock to make probes due.</summary>
public sealed class HealthProbeTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    [Fact]
    public async Task The_prober_marks_a_failing_deployment_unhealthy_backs_off_and_records_each_change()
    {
        var published = await api.PublishSampleAsync(agent);
        using var client = api.ClientFor(await api.RegisterAsync());
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();

        await agent.SetFaultsAsync(unhealthy: true);
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        var unhealthy = await ProbeUntilAsync(client, id, m => m.GetProperty("status").GetString() == "unhealthy");

        Assert.Contains("503", unhealthy.GetProperty("health").GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var change = unhealthy.GetProperty("health").GetProperty("changes")[0];
        Assert.Equal("healthy", change.GetProperty("from").GetString());
        Assert.Equal("unhealthy", change.GetProperty("to").GetString());

        // Backing off: 31 s later the next probe (due after 60 s) has not happened, so the fix is not seen yet.
        await agent.SetFaultsAsync();
        api.Clock.Advance(TimeSpan.FromSeconds(31));
        await ProbeOnceAsync();
        var stillUnhealthy = await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("unhealthy", stillUnhealthy.GetProperty("status").GetString());

        api.Clock.Advance(TimeSpan.FromSeconds(30));
        var recovered = await ProbeUntilAsync(client, id, m => m.GetProperty("status").GetString() == "healthy");
        Assert.Equal(2, recovered.GetProperty("health").GetProperty("changes").GetArrayLength());
    }

    private Task<int> ProbeOnceAsync() => api.Services.GetRequiredService<HealthProber>().ProbeDueAsync(CancellationToken.None);

    /// <summary>
    /// Probes until the deployment's monitoring satisfies <paramref name="done"/>. The background loop
    /// may take a due round first (the advisory lock lets one prober run), so this asks a few times.
    /// </summary>
    private Task<JsonElement> ProbeUntilAsync(HttpClient client, Guid id, Func<JsonElement, bool> done) =>
        Eventually.ValueAsync(
            async () =>
            {
                await ProbeOnceAsync();
                return await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);
            },
            done, Eventually.Timeout, "The deployment should reach the expected health");
}
