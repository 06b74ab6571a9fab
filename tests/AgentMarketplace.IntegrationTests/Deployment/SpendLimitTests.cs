using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Deployment;

public sealed class SpendLimitTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    private async Task LimitAsync(TestUser user, long spendCents)
    {
        using var admin = api.ClientFor(await api.AdminAsync());
        var response = await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
            new { monthlySpendLimitCents = spendCents, callsPerMonth = 100_000, requestsPerMinute = 100_000 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<long> SpentAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("used").GetProperty("spendThisMonthCents").GetInt64();

    [Fact]
    public async Task Admitted_spend_never_exceeds_the_limit_under_64_concurrent_calls()
    {
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(10));
        await LimitAsync(user, 100);

        var responses = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => consumer.InvokeAsync(deployment, "echo", new { text = $"call {i}" })));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.Equal(54, refused.Count);
        foreach (var response in refused)
        {
            await response.AssertProblemAsync(HttpStatusCode.PaymentRequired);
        }

        Assert.Equal(100, await SpentAsync(consumer));
    }

    [Fact]
    public async Task A_per_unit_call_reserves_the_most_it_may_cost_and_settles_the_units_the_agent_reported()
    {
        var perUnit = new { model = "per_unit", currency = "USD", unitPriceCents = 3 };
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, perUnit);
        await LimitAsync(user, 1_000);

        var answer = await (await consumer.InvokeAsync(deployment, "echo", new { text = "one two three" })).JsonAsync(HttpStatusCode.OK);

        var units = answer.GetProperty("usage").GetProperty("units").GetInt64();
        Assert.Equal(units * 3, await SpentAsync(consumer));
    }

    [Fact]
    public async Task A_call_whose_reservation_would_pass_the_limit_is_402_and_reserves_nothing()
    {
        var perUnit = new { model = "per_unit", currency = "USD", unitPriceCents = 3 };
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, perUnit);
        // 100 units are reserved per call at 3¢: 300¢, more than the limit.
        await LimitAsync(user, 299);

        await (await consumer.InvokeAsync(deployment, "echo", new { text = "hi" })).AssertProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal(0, await SpentAsync(consumer));
    }

    [Fact]
    public async Task Free_agents_are_not_held_back_by_a_zero_spend_limit()
    {
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.Free);
        await LimitAsync(user, 0);

        await (await consumer.InvokeAsync(deployment, "echo", new { text = "hi" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, await SpentAsync(consumer));
    }
}
