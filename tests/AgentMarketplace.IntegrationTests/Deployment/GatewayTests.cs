using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Deployment;

public sealed class GatewayTests(GatewayFactory api, SampleAgentHost agent)
    : IClassFixture<GatewayFactory>, IClassFixture<SampleAgentHost>, IAsyncLifetime
{
    public Task InitializeAsync() => agent.SetFaultsAsync();

    public Task DisposeAsync() => agent.SetFaultsAsync();

    private async Task<(TestUser User, HttpClient Client, Guid DeploymentId)> DeployedAsync()
    {
        var published = await api.PublishSampleAsync(agent);
        var user = await api.RegisterAsync();
        var client = api.ClientFor(user);
        return (user, client, (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task An_invocation_returns_the_agents_output_usage_and_latency()
    {
        var (_, client, id) = await DeployedAsync();

        var body = await (await client.InvokeAsync(id, "word-count", new { text = "one two three four" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(4, body.GetProperty("output").GetProperty("words").GetInt32());
        Assert.Equal(4, body.GetProperty("usage").GetProperty("units").GetInt64());
        Assert.True(body.GetProperty("latencyMs").GetInt64() >= 0);
    }

    [Fact]
    public async Task An_api_key_invokes_like_a_token()
    {
        var (_, client, id) = await DeployedAsync();
        var key = (await (await client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "gateway" }))
            .JsonAsync(HttpStatusCode.Created)).GetProperty("key").GetString()!;
        using var withKey = api.ClientWithApiKey(key);

        var body = await (await withKey.InvokeAsync(id, "echo", new { text = "via key" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("via key", body.GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Unknown_capabilities_and_invalid_input_are_400_before_the_agent_is_called()
    {
        var (_, client, id) = await DeployedAsync();

        await (await client.InvokeAsync(id, "translate", new { text = "hola" })).AssertValidationErrorAsync("capability");
        await (await client.InvokeAsync(id, "echo", new { words = 3 })).AssertValidationErrorAsync("input");
        await (await client.PostAsJsonAsync($"/api/v1/deployments/{id}/invoke", new { input = new { text = "x" } }))
            .AssertValidationErrorAsync("capability");
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task Successful_calls_count_against_the_monthly_quota()
    {
        var (_, client, id) = await DeployedAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.InvokeAsync(id, "echo", new { text = "count me" })).StatusCode);
        }

        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
    }

    [Fact]
    public async Task Every_call_leaves_exactly_one_usage_event_and_only_successes_are_billable()
    {
        var (_, client, id) = await DeployedAsync();
        var calls = Enumerable.Range(1, 8).Select(i => client.InvokeAsync(id, "word-count", new { text = string.Join(' ', Enumerable.Repeat("w", i)) }));
        Assert.All(await Task.WhenAll(calls), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await agent.SetFaultsAsync(delayMs: 3000);
        Assert.Equal(HttpStatusCode.GatewayTimeout, (await client.InvokeAsync(id, "echo", new { text = "slow" })).StatusCode);

        var usage = await UsageAsync(id);

        Assert.Equal(9, usage.Events);
        Assert.Equal(8, usage.Billable);
        Assert.Equal(Enumerable.Range(1, 8).Sum(), usage.BillableUnits);
        Assert.Equal(1, usage.Users);
    }

    private async Task<(long Events, long Billable, long BillableUnits, long Users)> UsageAsync(Guid deploymentId)
    {
        await using var connection = new NpgsqlConnection(api.Services.GetRequiredService<IConfiguration>().GetConnectionString("Marketplace"));
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("""
            SELECT count(*), count(*) FILTER (WHERE billable), coalesce(sum(units) FILTER (WHERE billable), 0), count(DISTINCT user_id)
              FROM billing.usage_events WHERE deployment_id = @id
            """, connection);
        query.Parameters.AddWithValue("id", deploymentId);
        await using var reader = await query.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    [Fact]
    public async Task An_oversized_agent_answer_is_a_502_not_billable_and_visible_in_monitoring()
    {
        var (_, client, id) = await DeployedAsync();
        var large = new string('x', GatewayFactory.MaxResponseBytes * 2);

        var response = await client.InvokeAsync(id, "echo", new { text = large });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("larger than", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var usage = await UsageAsync(id);
        Assert.Equal(1, usage.Events);
        Assert.Equal(0, usage.Billable);
        var monitoring = await (await client.GetAsync($"/api/v1/deployments/{id}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(502, monitoring.GetProperty("lastError").GetProperty("status").GetInt32());
        Assert.DoesNotContain(large[..100], monitoring.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_slower_than_the_timeout_is_504_and_not_counted()
    {
        var (_, client, id) = await DeployedAsync();
        await agent.SetFaultsAsync(delayMs: 3000);

        var response = await client.InvokeAsync(id, "echo", new { text = "slow" });

        await response.AssertProblemAsync(HttpStatusCode.GatewayTimeout);
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
    }

    /// <summary>A healthy deployment whose agent then stops: every call after that fails to connect.</summary>
    private async Task<(HttpClient Client, Guid DeploymentId)> DeployedToAGoneAgentAsync()
    {
        await using var doomed = new SampleAgentHost();
        await doomed.InitializeAsync();
        var published = await api.PublishSampleAsync(doomed);
        var client = api.ClientFor(await api.RegisterAsync());
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        return (client, id);
    }

    [Fact]
    public async Task An_agent_that_is_gone_is_502_with_problem_details()
    {
        var (client, id) = await DeployedToAGoneAgentAsync();

        var response = await client.InvokeAsync(id, "echo", new { text = "anyone?" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadGateway);
        Assert.Contains("could not be reached", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_repeated_agent_failures_the_circuit_opens_and_calls_get_503_without_reaching_the_agent()
    {
        var (client, id) = await DeployedToAGoneAgentAsync();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 6; i++)
        {
            last = await client.InvokeAsync(id, "echo", new { text = "anyone?" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.BadGateway, 4), statuses.Take(4));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 2), statuses.Skip(4));
        Assert.NotNull(last);
        await last.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(60), last.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Requests_beyond_the_per_minute_limit_get_429_with_Retry_After()
    {
        var (user, client, id) = await DeployedAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { requestsPerMinute = 2 });

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await client.InvokeAsync(id, "echo", new { text = "rate" });
            statuses.Add(response.StatusCode);
            limited = response;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After");
    }

    [Fact]
    public async Task With_100_calls_left_exactly_100_of_200_concurrent_invocations_succeed()
    {
        var (user, client, id) = await DeployedAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota", new { callsPerMonth = 100, requestsPerMinute = 100000 });

        var calls = Enumerable.Range(0, 200).Select(i => client.InvokeAsync(id, "echo", new { text = $"call {i}" }));
        var statuses = (await Task.WhenAll(calls)).Select(r => r.StatusCode).ToList();

        Assert.Equal(100, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(100, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var quota = await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(100, quota.GetProperty("used").GetProperty("callsThisMonth").GetInt64());
        Assert.Equal(0, quota.GetProperty("remaining").GetProperty("callsThisMonth").GetInt64());
        var usage = await UsageAsync(id);
        Assert.Equal(100, usage.Events);
        Assert.Equal(100, usage.Billable);
    }
}
