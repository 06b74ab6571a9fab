using System.Net;
using AgentMarketplace.Billing.Invoices;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>A class of its own: it moves the host's clock into the next month.</summary>
public sealed class BillingSchedulerTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task Closing_a_month_bills_what_ad_hoc_runs_left_unbilled_and_only_once()
    {
        var start = api.Clock.GetUtcNow();
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 2);
        await api.RunBillingSinceAsync(start);
        await consumer.CallAsync(deployment, 1);

        var now = api.Clock.GetUtcNow();
        api.Clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, 1, 1, 0, 0, TimeSpan.Zero).AddMonths(1));
        var scheduler = api.Services.GetRequiredService<BillingScheduler>();
        await scheduler.RunOnceAsync(CancellationToken.None);
        await scheduler.RunOnceAsync(CancellationToken.None);

        using var fresh = api.ClientWithToken(await api.LoginAsync(user.Email, user.Password));
        var invoices = await (await fresh.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);
        var totals = invoices.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("totalCents").GetInt64()).Order().ToList();
        Assert.Equal([5L, 10L], totals);
    }

    [Fact]
    public async Task A_month_is_closed_only_once_calls_admitted_before_its_end_have_been_recorded()
    {
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 1);
        var now = api.Clock.GetUtcNow();
        var nextMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var scheduler = api.Services.GetRequiredService<BillingScheduler>();

        api.Clock.SetUtcNow(nextMonth.AddMinutes(5));
        await scheduler.RunOnceAsync(CancellationToken.None);
        using var client = api.ClientWithToken(await api.LoginAsync(user.Email, user.Password));
        var early = await (await client.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);
        api.Clock.SetUtcNow(nextMonth + BillingScheduler.ClosingGrace + TimeSpan.FromMinutes(1));
        await scheduler.RunOnceAsync(CancellationToken.None);
        var closed = await (await client.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(early.GetProperty("items").EnumerateArray());
        Assert.Equal(5, Assert.Single(closed.GetProperty("items").EnumerateArray()).GetProperty("totalCents").GetInt64());
    }
}
