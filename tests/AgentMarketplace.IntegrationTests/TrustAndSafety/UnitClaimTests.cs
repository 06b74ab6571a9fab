using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.TrustAndSafety;

/// <summary>An agent claims its units; a consumer is never billed past what was reserved for the call.</summary>
public sealed class UnitClaimTests(MarketplaceApiFactory api, ClaimingAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<ClaimingAgentHost>
{
    /// <summary>The claiming agent, verified, listed at <paramref name="pricing"/> and deployed by a new consumer with a spend limit.</summary>
    private async Task<(TestUser Publisher, Guid AgentId, HttpClient Consumer, Guid DeploymentId)> DeployedAsync(object pricing, long spendLimitCents)
    {
        var publisher = await api.PublisherAsync();
        using var owner = api.ClientFor(publisher);
        var agentId = (await owner.CreateAgentAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await owner.PublishVersionAsync(agentId, agent.Version("1.0.0"))).StatusCode);
        Assert.Equal("verified", (await owner.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
        var listing = await (await owner.PostAsJsonAsync("/api/v1/listings", new { agentId, pricing })).JsonAsync(HttpStatusCode.Created);
        await (await owner.PostAsync($"/api/v1/listings/{listing.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.OK);

        var user = await api.RegisterAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/admin/users/{user.Id}/quota",
            new { monthlySpendLimitCents = spendLimitCents, callsPerMonth = 100_000, requestsPerMinute = 100_000 })).StatusCode);
        var consumer = api.ClientFor(user);
        var deployment = (await consumer.DeployAsync(agentId)).GetProperty("id").GetGuid();
        return (publisher, agentId, consumer, deployment);
    }

    private static Task<HttpResponseMessage> ClaimAsync(HttpClient consumer, Guid deployment, string units) =>
        consumer.PostAsync($"/api/v1/deployments/{deployment}/invoke",
            new StringContent("{\"capability\":\"claim\",\"input\":{\"units\":" + units + "}}", System.Text.Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> UsageAsync(HttpClient consumer) =>
        await (await consumer.GetAsync("/api/v1/billing/usage")).JsonAsync(HttpStatusCode.OK);

    private static async Task<long> SpentAsync(HttpClient consumer) =>
        (await (await consumer.GetAsync("/api/v1/users/me/quota")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("used").GetProperty("spendThisMonthCents").GetInt64();

    [Fact]
    public async Task A_claim_of_a_million_units_bills_only_the_units_reserved_and_stays_within_the_spend_limit()
    {
        var (publisher, agentId, consumer, deployment) = await DeployedAsync(new { model = "per_unit", currency = "USD", unitPriceCents = 1 }, 500);

        var answer = await (await ClaimAsync(consumer, deployment, "1000000")).JsonAsync(HttpStatusCode.OK);

        // 100 units (Deployment:ReservedUnitsPerCall) were reserved at 1¢; the claim is kept, capped.
        Assert.Equal(100, answer.GetProperty("usage").GetProperty("units").GetInt64());
        Assert.Equal(1_000_000, answer.GetProperty("usage").GetProperty("claimedUnits").GetInt64());
        var usage = await UsageAsync(consumer);
        Assert.Equal(100, usage.GetProperty("totalCents").GetInt64());
        Assert.Equal(100, Assert.Single(usage.GetProperty("items").EnumerateArray()).GetProperty("units").GetInt64());
        Assert.Equal(100, await SpentAsync(consumer));

        var monitoring = await (await consumer.GetAsync($"/api/v1/deployments/{deployment}/monitoring")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, monitoring.GetProperty("cappedClaims").GetInt64());
        using var owner = api.ClientFor(publisher);
        var statistics = await (await owner.GetAsync($"/api/v1/agents/{agentId}/statistics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, statistics.GetProperty("cappedClaims").GetInt64());
        var anonymous = await (await api.CreateClient().GetAsync($"/api/v1/agents/{agentId}/statistics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("cappedClaims").ValueKind);
    }

    [Fact]
    public async Task Claims_past_the_reservation_never_add_up_past_the_limit()
    {
        var (_, _, consumer, deployment) = await DeployedAsync(new { model = "per_unit", currency = "USD", unitPriceCents = 1 }, 500);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add((await ClaimAsync(consumer, deployment, "1000000")).StatusCode);
        }

        // Five calls reserve 100¢ each; the sixth cannot be admitted within 500¢.
        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.OK));
        Assert.All(answers.Skip(5), s => Assert.Equal(HttpStatusCode.PaymentRequired, s));
        Assert.Equal(500, (await UsageAsync(consumer)).GetProperty("totalCents").GetInt64());
        Assert.Equal(500, await SpentAsync(consumer));
    }

    [Fact]
    public async Task An_absurd_claim_fails_nobody_in_the_group_commit_it_shares_with_bystanders()
    {
        var (_, _, claimer, claimerDeployment) = await DeployedAsync(new { model = "per_unit", currency = "USD", unitPriceCents = 1 }, 100_000);
        var (_, _, bystander, bystanderDeployment) = await DeployedAsync(new { model = "per_call", currency = "USD", unitPriceCents = 1 }, 100_000);

        // Concurrent calls land in one group commit (it commits whatever is waiting); rows written by one
        // transaction share its xmin, which shows the claim and a bystander's call committed together.
        var (bursts, shared) = (0, false);
        while (!shared && bursts < 5)
        {
            bursts++;
            var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(i => i % 6 == 0
                ? ClaimAsync(claimer, claimerDeployment, long.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : ClaimAsync(bystander, bystanderDeployment, "1")));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            shared = await api.ScalarAsync($"""
                SELECT count(*) FROM deployment.invocations c JOIN deployment.invocations b ON b.xmin = c.xmin
                 WHERE c.deployment_id = '{claimerDeployment}' AND b.deployment_id = '{bystanderDeployment}'
                """) > 0;
        }

        Assert.True(shared, "No burst put the absurd claim into a group commit with a bystander's call.");
        Assert.Equal(4 * bursts * 100, (await UsageAsync(claimer)).GetProperty("totalCents").GetInt64());
        Assert.Equal(20 * bursts, (await UsageAsync(bystander)).GetProperty("totalCents").GetInt64());
        var claims = await api.ScalarAsync($"SELECT count(*) FROM deployment.invocations WHERE deployment_id = '{claimerDeployment}' AND claimed_units = {long.MaxValue}");
        Assert.Equal(4 * bursts, claims);
    }

    [Fact]
    public async Task A_subscription_reserves_its_fee_until_the_month_has_begun_and_charges_it_once()
    {
        var subscription = new { model = "subscription", currency = "USD", monthlyFeeCents = 400, includedUnits = 150, unitPriceCents = 2 };
        var (_, _, consumer, deployment) = await DeployedAsync(subscription, 1_000);

        // The first call reserves the fee and 100 units at 2¢ (600¢) and costs the fee; the next ones only units past the 150 included.
        await (await ClaimAsync(consumer, deployment, "100")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(400, await SpentAsync(consumer));
        await (await ClaimAsync(consumer, deployment, "100")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(500, await SpentAsync(consumer));
        await (await ClaimAsync(consumer, deployment, "100")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(700, await SpentAsync(consumer));

        // 300 left and 200 reserved per call: one more, then 402.
        await (await ClaimAsync(consumer, deployment, "100")).JsonAsync(HttpStatusCode.OK);
        await (await ClaimAsync(consumer, deployment, "100")).AssertProblemAsync(HttpStatusCode.PaymentRequired);
        Assert.Equal(900, await SpentAsync(consumer));
        Assert.Equal(900, (await UsageAsync(consumer)).GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task A_call_the_agent_fails_is_not_billed_and_is_not_use_enough_to_review()
    {
        var (_, agentId, consumer, deployment) = await DeployedAsync(new { model = "per_call", currency = "USD", unitPriceCents = 7 }, 500);

        // Negative units break the protocol: the agent's answer is refused as a 502.
        await (await ClaimAsync(consumer, deployment, "-1")).AssertProblemAsync(HttpStatusCode.BadGateway);

        Assert.Equal(0, await SpentAsync(consumer));
        Assert.Equal(0, (await UsageAsync(consumer)).GetProperty("totalCents").GetInt64());
        var review = await consumer.PostAsJsonAsync($"/api/v1/agents/{agentId}/reviews", new { rating = 1 });
        await review.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_subscription_fee_beyond_the_limit_is_402_before_the_agent_is_called()
    {
        var subscription = new { model = "subscription", currency = "USD", monthlyFeeCents = 5_000, includedUnits = 10, unitPriceCents = 1 };
        var (_, _, consumer, deployment) = await DeployedAsync(subscription, 1_000);
        var before = agent.Invocations;

        await (await ClaimAsync(consumer, deployment, "1")).AssertProblemAsync(HttpStatusCode.PaymentRequired);

        Assert.Equal(before, agent.Invocations);
        Assert.Equal(0, await SpentAsync(consumer));
    }
}
