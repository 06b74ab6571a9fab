using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Deployment;

public sealed class MonitoringTests(GatewayFactory api, SampleAgentHost agent)
    : IClassFixture<GatewayFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    private async Task<(HttpClient Client, Guid DeploymentId)> DeployedAsync()
    {
        var published = await api.PublishSampleAsync(agent);
        var client = api.ClientFor(await api.RegisterAsync());
        return (client, (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Monitoring_counts_calls_and_errors_and_lists_errors_without_request_content()
    {
        var (client, id) = await DeployedAsync();
        const string secretInput = "customer-token-abc123";
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = secretInput })).StatusCode);
        }

        await agent.SetFaultsAsync(delayMs: 3000);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await client.InvokeAsync(id, "echo", new { text = secretInput })).StatusCode);

        var monitoring = await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("healthy", monitoring.GetProperty("status").GetString());
        Assert.Equal(4, monitoring.GetProperty("requests").GetInt64());
        Assert.Equal(1, monitoring.GetProperty("errors").GetInt64());
        Assert.Equal(0.25, monitoring.GetProperty("errorRate").GetDouble());
        // p99 interpolates towards the 2 s timeout; the median stays with the quick calls.
        Assert.True(monitoring.GetProperty("latencyMs").GetProperty("p99").GetDouble() >= 1000, "p99 reflects the timed-out call");
        Assert.True(monitoring.GetProperty("latencyMs").GetProperty("p50").GetDouble() < 1000, "p50 reflects the quick calls");
        Assert.Equal(4, monitoring.GetProperty("last24Hours").GetProperty("requests").GetInt64());
        var lastError = monitoring.GetProperty("lastError");
        Assert.Equal(504, lastError.GetProperty("status").GetInt32());
        Assert.Equal("echo", lastError.GetProperty("capability").GetString());
        Assert.Contains("did not answer", lastError.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Single(monitoring.GetProperty("recentErrors").EnumerateArray());
        Assert.DoesNotContain(secretInput, monitoring.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Percentiles_come_from_the_distribution_not_an_average()
    {
        var (client, id) = await DeployedAsync();
        // 98 fast calls and 2 very slow ones: an average would say ~40 ms; the percentiles must not.
        var latencies = Enumerable.Repeat(10, 98).Concat([1500, 1600]).ToArray();
        await using (var connection = new NpgsqlConnection(api.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marketplace")))
        {
            await connection.OpenAsync();
            foreach (var latency in latencies)
            {
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO deployment.invocations (deployment_id, capability, outcome, status, latency_ms, units, occurred_at)
                    VALUES (@id, 'echo', 'success', 200, @latency, 1, @at)
                    """, connection);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("latency", latency);
                insert.Parameters.AddWithValue("at", api.Clock.GetUtcNow().AddMinutes(-5));
                await insert.ExecuteNonQueryAsync();
            }
        }

        var monitoring = await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);
        var percentiles = monitoring.GetProperty("latencyMs");

        Assert.Equal(100, monitoring.GetProperty("requests").GetInt64());
        Assert.Equal(10, percentiles.GetProperty("p50").GetDouble());
        Assert.Equal(10, percentiles.GetProperty("p95").GetDouble());
        Assert.Equal(1501, percentiles.GetProperty("p99").GetDouble(), precision: 6);
    }

    [Fact]
    public async Task The_last_day_is_also_given_hour_by_hour_with_each_hours_own_percentiles()
    {
        var (client, id) = await DeployedAsync();
        var now = api.Clock.GetUtcNow();
        var thisHour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        // Three calls five hours ago (10, 20, 30 ms), one this hour (400 ms), one two days ago (outside the day).
        var calls = new[] { (thisHour.AddHours(-5).AddMinutes(1), 10), (thisHour.AddHours(-5).AddMinutes(2), 20),
            (thisHour.AddHours(-5).AddMinutes(3), 30), (thisHour, 400), (now.AddDays(-2), 7) };
        await using (var connection = new NpgsqlConnection(api.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marketplace")))
        {
            await connection.OpenAsync();
            foreach (var (at, latency) in calls)
            {
                await using var insert = new NpgsqlCommand("""
                    INSERT INTO deployment.invocations (deployment_id, capability, outcome, status, latency_ms, units, occurred_at)
                    VALUES (@id, 'echo', 'success', 200, @latency, 1, @at)
                    """, connection);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("latency", latency);
                insert.Parameters.AddWithValue("at", at);
                await insert.ExecuteNonQueryAsync();
            }
        }

        var hours = (await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("latencyByHour").EnumerateArray().ToList();

        Assert.Equal(2, hours.Count);
        Assert.Equal(thisHour.AddHours(-5), hours[0].GetProperty("hour").GetDateTimeOffset());
        Assert.Equal(3, hours[0].GetProperty("requests").GetInt64());
        Assert.Equal(20, hours[0].GetProperty("p50").GetDouble());
        Assert.Equal(thisHour, hours[1].GetProperty("hour").GetDateTimeOffset());
        Assert.Equal(400, hours[1].GetProperty("p95").GetDouble());
    }

    [Fact]
    public async Task Another_users_monitoring_is_404()
    {
        var (_, id) = await DeployedAsync();
        using var other = api.ClientFor(await api.RegisterAsync());

        await (await other.GetAsync($"/api/v1/deployments/{id}/monitoring")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
