using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Marketplace;

/// <summary>On the gateway tests' host, whose small response limit turns a long echo into an agent failure (502).</summary>
public sealed class StatisticsTests(GatewayFactory api, SampleAgentHost agent)
    : IClassFixture<GatewayFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task Statistics_count_active_deployments_invocations_errors_and_p95_from_real_calls()
    {
        var published = await api.PublishSampleAsync(agent);
        using var user = api.ClientFor(await api.RegisterAsync());
        using var other = api.ClientFor(await api.RegisterAsync());
        var deployment = (await user.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        var stopped = (await other.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await other.DeleteAsync($"/api/v1/deployments/{stopped}")).StatusCode);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await user.InvokeAsync(deployment, "echo", new { text = "hi" })).StatusCode);
        }

        var oversized = new string('x', GatewayFactory.MaxResponseBytes * 2);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.BadGateway, (await user.InvokeAsync(deployment, "echo", new { text = oversized })).StatusCode);
        }

        var statistics = await (await api.CreateClient().GetAsync($"/api/v1/agents/{published.AgentId}/statistics")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(1, statistics.GetProperty("activeDeployments").GetInt32());
        Assert.Equal(8, statistics.GetProperty("invocations").GetInt64());
        Assert.Equal(2, statistics.GetProperty("errors").GetInt64());
        Assert.Equal(0.25, statistics.GetProperty("errorRate").GetDouble());
        Assert.True(statistics.GetProperty("p95LatencyMs").GetDouble() >= 0);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, statistics.GetProperty("ratingAverage").ValueKind);
        Assert.Equal(0, statistics.GetProperty("ratingCount").GetInt32());
    }

    [Fact]
    public async Task Statistics_of_an_unknown_agent_are_404()
    {
        var response = await api.CreateClient().GetAsync($"/api/v1/agents/{Guid.NewGuid()}/statistics");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
