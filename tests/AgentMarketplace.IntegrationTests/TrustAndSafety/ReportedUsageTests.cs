using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.TrustAndSafety;

/// <summary>Usage a publisher reports: live deployments, declared capabilities, bounded units, within the consumer's spend limit.</summary>
public sealed class ReportedUsageTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private static HttpRequestMessage Report(Guid deploymentId, long units, DateTimeOffset at, string capability = "echo")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = JsonContent.Create(new { deploymentId, capability, units, occurredAt = at }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return request;
    }

    private async Task<(HttpClient Publisher, HttpClient Consumer, Guid DeploymentId)> PerUnitDeploymentAsync(long spendLimitCents)
    {
        var (listed, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, new { model = "per_unit", currency = "USD", unitPriceCents = 1 });
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
            new { monthlySpendLimitCents = spendLimitCents })).StatusCode);
        return (api.ClientFor(listed.Publisher), consumer, deployment);
    }

    private async Task<long> UnitsRecordedAsync(Guid deploymentId) =>
        await api.ScalarAsync($"SELECT coalesce(sum(units), 0) FROM billing.usage_events WHERE deployment_id = '{deploymentId}'");

    private static async Task<(long Spent, long Billed)> ConsumerSpendAsync(HttpClient consumer)
    {
        var quota = await (await consumer.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK);
        var usage = await (await consumer.GetAsync("/api/v1/billing/usage")).JsonAsync(HttpStatusCode.OK);
        return (quota.GetProperty("used").GetProperty("spendThisMonthCents").GetInt64(), usage.GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task A_billion_units_for_a_consumer_with_a_100_cent_limit_is_402_and_nothing_is_recorded()
    {
        var (publisher, consumer, deployment) = await PerUnitDeploymentAsync(100);

        // Within the unit bound, but past the consumer's spend limit.
        var refused = await (await publisher.SendAsync(Report(deployment, 1_000_000, api.Clock.GetUtcNow())))
            .AssertProblemAsync(HttpStatusCode.PaymentRequired);
        await (await publisher.SendAsync(Report(deployment, 1_000_000_000, api.Clock.GetUtcNow()))).AssertValidationErrorAsync("units");

        Assert.Contains("spend limit", refused.GetProperty("detail").GetString());
        Assert.Equal(0, await UnitsRecordedAsync(deployment));
        Assert.Equal((0L, 0L), await ConsumerSpendAsync(consumer));
    }

    [Fact]
    public async Task Reported_usage_counts_against_the_same_limit_as_calls()
    {
        var (publisher, consumer, deployment) = await PerUnitDeploymentAsync(100);

        Assert.Equal(HttpStatusCode.Accepted, (await publisher.SendAsync(Report(deployment, 60, api.Clock.GetUtcNow()))).StatusCode);
        await (await publisher.SendAsync(Report(deployment, 41, api.Clock.GetUtcNow()))).AssertProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal(HttpStatusCode.Accepted, (await publisher.SendAsync(Report(deployment, 40, api.Clock.GetUtcNow()))).StatusCode);

        Assert.Equal((100L, 100L), await ConsumerSpendAsync(consumer));
        // A call would reserve 100 units at 1¢: nothing is left for it.
        await (await consumer.InvokeAsync(deployment, "echo", new { text = "one more" })).AssertProblemAsync(HttpStatusCode.PaymentRequired);
    }

    [Fact]
    public async Task A_stopped_deployment_is_409_and_an_undeclared_capability_400()
    {
        var (publisher, consumer, deployment) = await PerUnitDeploymentAsync(10_000);

        await (await publisher.SendAsync(Report(deployment, 1, api.Clock.GetUtcNow(), capability: "not-declared")))
            .AssertValidationErrorAsync("capability");
        Assert.Equal(HttpStatusCode.NoContent, (await consumer.DeleteAsync($"/api/v1/deployments/{deployment}")).StatusCode);
        await (await publisher.SendAsync(Report(deployment, 1, api.Clock.GetUtcNow()))).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }

    [Fact]
    public async Task A_batch_past_the_limit_records_nothing_and_replays_are_not_charged_again()
    {
        var (publisher, consumer, deployment) = await PerUnitDeploymentAsync(100);
        object Event(string key, long units) => new { idempotencyKey = key, deploymentId = deployment, capability = "echo", units, occurredAt = api.Clock.GetUtcNow() };

        var accepted = await (await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events = new[] { Event("a", 30), Event("b", 30) } }))
            .JsonAsync(HttpStatusCode.Accepted);
        var replayed = await (await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events = new[] { Event("a", 30), Event("b", 30), Event("c", 40) } }))
            .JsonAsync(HttpStatusCode.Accepted);
        await (await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events = new[] { Event("d", 1) } })).AssertProblemAsync(HttpStatusCode.PaymentRequired);

        Assert.Equal(2, accepted.GetProperty("accepted").GetInt32());
        Assert.Equal(1, replayed.GetProperty("accepted").GetInt32());
        Assert.Equal(2, replayed.GetProperty("duplicates").GetInt32());
        Assert.Equal(100, await UnitsRecordedAsync(deployment));
        Assert.Equal((100L, 100L), await ConsumerSpendAsync(consumer));
    }

    [Fact]
    public async Task A_batch_naming_a_stopped_deployment_or_an_undeclared_capability_records_nothing()
    {
        var (publisher, consumer, deployment) = await PerUnitDeploymentAsync(10_000);
        object Event(string capability) => new { idempotencyKey = Guid.NewGuid().ToString(), deploymentId = deployment, capability, units = 1, occurredAt = api.Clock.GetUtcNow() };

        await (await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events = new[] { Event("echo"), Event("nope") } }))
            .AssertValidationErrorAsync("events[1].capability");
        Assert.Equal(HttpStatusCode.NoContent, (await consumer.DeleteAsync($"/api/v1/deployments/{deployment}")).StatusCode);
        await (await publisher.PostAsJsonAsync("/api/v1/usage/batch", new { events = new[] { Event("echo") } })).AssertProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(0, await UnitsRecordedAsync(deployment));
    }
}
