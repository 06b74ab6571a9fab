using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.TrustAndSafety;

/// <summary>Each address may create only so many accounts an hour.</summary>
public sealed class SignUpLimitTests(LowSignUpLimitFactory api) : IClassFixture<LowSignUpLimitFactory>
{
    [Fact]
    public async Task Sign_ups_past_the_hourly_limit_per_address_are_429_with_retry_after()
    {
        using var anonymous = api.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < LowSignUpLimitFactory.SignUpsPerHour + 1; i++)
        {
            answers.Add(await anonymous.PostAsJsonAsync("/api/v1/users/register",
                new { email = $"signup-{Guid.NewGuid():N}@example.com", password = "a long passphrase", displayName = "Throwaway" }));
        }

        Assert.All(answers.Take(LowSignUpLimitFactory.SignUpsPerHour), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var refused = answers.Last();
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }
}

/// <summary>Verification is not an amplifier: one run per version at a time, and so many per publisher an hour.</summary>
public sealed class VerificationLimitTests(LowVerificationLimitFactory api, ClaimingAgentHost agent)
    : IClassFixture<LowVerificationLimitFactory>, IClassFixture<ClaimingAgentHost>
{
    [Fact]
    public async Task Eight_concurrent_verifies_make_one_round_of_calls_and_a_publisher_is_rate_limited()
    {
        var publisher = await api.PublisherAsync();
        using var client = api.ClientFor(publisher);
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();
        // The agent takes a second to answer the example, so the eight requests arrive while the first run is under way.
        Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, agent.Version("1.0.0", exampleDelayMs: 1000))).StatusCode);
        var before = agent.Invocations;

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null)));

        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 1, agent.Invocations); // one example, one call, for all eight
        for (var i = 1; i < LowVerificationLimitFactory.VerificationsPerHour; i++)
        {
            await (await client.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null)).JsonAsync(HttpStatusCode.OK);
        }

        var limited = await client.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var admin = api.ClientFor(await api.AdminAsync());
        await (await admin.PostAsync($"/api/v1/agents/{agentId}/versions/1.0.0/verify", null)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_run_another_instance_holds_is_409_and_costs_the_publisher_no_verification()
    {
        var publisher = await api.PublisherAsync();
        using var client = api.ClientFor(publisher);
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await client.PublishVersionAsync(agentId, agent.Version("1.0.0"))).StatusCode);
        var verify = $"/api/v1/agents/{agentId}/versions/1.0.0/verify";

        // Another instance holds the version's claim: more refusals than the hour allows verifications.
        await ClaimVersionAsync(agentId, api.Clock.GetUtcNow().AddHours(1));
        for (var i = 0; i <= LowVerificationLimitFactory.VerificationsPerHour; i++)
        {
            await (await client.PostAsync(verify, null)).AssertProblemAsync(HttpStatusCode.Conflict);
        }

        // Its run over, the publisher still has every verification of the hour, and no more.
        await ClaimVersionAsync(agentId, null);
        for (var i = 0; i < LowVerificationLimitFactory.VerificationsPerHour; i++)
        {
            await (await client.PostAsync(verify, null)).JsonAsync(HttpStatusCode.OK);
        }

        await (await client.PostAsync(verify, null)).AssertProblemAsync(HttpStatusCode.TooManyRequests);
    }

    private async Task ClaimVersionAsync(Guid agentId, DateTimeOffset? until)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("UPDATE registry.versions SET verifying_until = @until WHERE agent_id = @agentId", connection);
        command.Parameters.AddWithValue("until", (object?)until ?? DBNull.Value);
        command.Parameters.AddWithValue("agentId", agentId);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
