using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Deployment;

/// <summary>
/// Each instance admits calls from a share of the caller's month that it leases from Users. Shares are
/// counted against the limits wherever they are, go back when idle or when the instance stops, and
/// lapse when their holder goes silent; the month's use counts only calls that happened.
/// </summary>
public sealed class QuotaLeaseTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private async Task<(TestUser User, HttpClient Client, Guid DeploymentId, string ApiKey)> DeployedWithQuotaAsync(long callsPerMonth)
    {
        var published = await api.PublishSampleAsync(agent);
        var user = await api.RegisterAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
            new { callsPerMonth, requestsPerMinute = 100000 })).StatusCode);
        var client = api.ClientFor(user);
        var id = (await client.DeployAsync(published.AgentId)).GetProperty("id").GetGuid();
        var key = await (await client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = "leases" })).JsonAsync(HttpStatusCode.Created);
        return (user, client, id, key.GetProperty("key").GetString()!);
    }

    private static async Task<int> SucceededAsync(HttpClient client, Guid deploymentId, int calls)
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => client.InvokeAsync(deploymentId, "echo", new { text = $"call {i}" })));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        return responses.Count(r => r.StatusCode == HttpStatusCode.OK);
    }

    private static async Task<long> UsedAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK))
        .GetProperty("used").GetProperty("callsThisMonth").GetInt64();

    private Task<long> HeldCallsAsync(Guid userId) =>
        api.ScalarAsync($"SELECT coalesce(sum(calls), 0) FROM users.quota_leases WHERE user_id = '{userId}'");

    /// <summary>Idle shares go back on a timer; wait for it rather than time it.</summary>
    private Task WaitUntilNothingHeldAsync(Guid userId) =>
        Eventually.ValueAsync(() => HeldCallsAsync(userId), held => held == 0, Eventually.Timeout, "Every idle share should have gone back");

    [Fact]
    public async Task Two_instances_together_never_admit_more_than_the_quota_and_use_all_of_it_once_idle_shares_go_back()
    {
        await using var second = new SharedDatabaseInstanceFactory(api.ConnectionString);
        await second.InitializeAsync();
        var (user, client, id, key) = await DeployedWithQuotaAsync(callsPerMonth: 40);
        using var viaSecond = second.ClientWithApiKey(key);

        var together = await Task.WhenAll(SucceededAsync(client, id, 30), SucceededAsync(viaSecond, id, 30));

        Assert.InRange(together.Sum(), 1, 40);
        Assert.Equal(together.Sum(), await UsedAsync(client));

        api.Clock.Advance(TimeSpan.FromSeconds(2));
        second.Clock.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilNothingHeldAsync(user.Id);
        var rest = await SucceededAsync(client, id, 40) + await SucceededAsync(viaSecond, id, 40);

        Assert.Equal(40, together.Sum() + rest);
        Assert.Equal(40, await UsedAsync(client));
    }

    [Fact]
    public async Task The_months_use_counts_the_calls_made_not_the_share_held_and_a_stopping_instance_gives_its_share_back()
    {
        var second = new SharedDatabaseInstanceFactory(api.ConnectionString);
        await second.InitializeAsync();
        var (user, client, id, key) = await DeployedWithQuotaAsync(callsPerMonth: 1000);
        using (var viaSecond = second.ClientWithApiKey(key))
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await viaSecond.InvokeAsync(id, "echo", new { text = "sequential" })).StatusCode);
            }
        }

        Assert.True(await HeldCallsAsync(user.Id) > 0, "sequential calls should have grown a share beyond the calls made");
        Assert.Equal(10, await UsedAsync(client));

        await second.DisposeAsync();

        Assert.Equal(0, await HeldCallsAsync(user.Id));
        Assert.Equal(10, await UsedAsync(client));
    }

    [Fact]
    public async Task A_share_held_by_an_instance_that_went_silent_counts_until_it_lapses()
    {
        var (user, client, id, _) = await DeployedWithQuotaAsync(callsPerMonth: 5);
        var now = api.Clock.GetUtcNow();
        await using (var connection = new NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var silentHolder = new NpgsqlCommand("""
                INSERT INTO users.quota_usage (user_id, month, calls, spend_cents) VALUES (@user, @month, 0, 0);
                INSERT INTO users.quota_leases (user_id, month, holder, calls, spend_cents, expires_at)
                VALUES (@user, @month, gen_random_uuid(), 5, 0, @expires);
                """, connection);
            silentHolder.Parameters.AddWithValue("user", user.Id);
            silentHolder.Parameters.AddWithValue("month", new DateOnly(now.Year, now.Month, 1));
            silentHolder.Parameters.AddWithValue("expires", now.AddSeconds(10));
            await silentHolder.ExecuteNonQueryAsync();
        }

        var refused = await client.InvokeAsync(id, "echo", new { text = "held elsewhere" });
        await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);

        api.Clock.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal(5, await SucceededAsync(client, id, 8));
        Assert.Equal(5, await UsedAsync(client));
    }
}
