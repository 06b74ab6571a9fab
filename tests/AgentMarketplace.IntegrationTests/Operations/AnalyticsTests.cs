using System.Net;
using System.Text.Json;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Operations;

/// <summary>On a host of its own, so the platform's totals are exactly what these tests did.</summary>
public sealed class AnalyticsTests(ErrorReportingFactory api, SampleAgentHost agent)
    : IClassFixture<ErrorReportingFactory>, IClassFixture<SampleAgentHost>
{
    private static string Today(MarketplaceApiFactory api) => DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    /// <summary>Invocation counts arrive just after the calls are answered; wait for them, do not time them.</summary>
    private async Task<JsonElement> AdminOverviewWhenAsync(Func<JsonElement, bool> ready)
    {
        using var admin = api.ClientFor(await api.AdminAsync());
        return await Eventually.ValueAsync(
            async () => await (await admin.GetAsync("/api/v1/admin/analytics/overview")).JsonAsync(HttpStatusCode.OK),
            ready, Eventually.Timeout, "The admin overview should show the calls once their counts arrive");
    }

    [Fact]
    public async Task Admin_and_publisher_analytics_count_users_calls_errors_and_revenue_by_day()
    {
        var before = (await AdminOverviewWhenAsync(_ => true)).GetProperty("users");
        var start = api.Clock.GetUtcNow();
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 3);
        var failed = await consumer.InvokeAsync(deployment, "echo", new { text = new string('x', ErrorReportingFactory.MaxResponseBytes) });
        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        await api.RunBillingSinceAsync(start);
        var invoice = await consumer.SingleInvoiceAsync();
        await (await consumer.PayAsync(invoice.GetProperty("id").GetGuid())).JsonAsync(HttpStatusCode.OK);

        var report = await AdminOverviewWhenAsync(r => r.GetProperty("totals").GetProperty("invocations").GetInt64() == 4);

        var totals = report.GetProperty("totals");
        Assert.Equal(4, totals.GetProperty("invocations").GetInt64());
        Assert.Equal(1, totals.GetProperty("errors").GetInt64());
        Assert.Equal(0.25, totals.GetProperty("errorRate").GetDouble());
        Assert.Equal(15, totals.GetProperty("grossCents").GetInt64());
        Assert.Equal(3, totals.GetProperty("platformFeeCents").GetInt64());
        Assert.Equal(12, totals.GetProperty("netCents").GetInt64());
        // The publisher and the consumer registered; only the consumer called.
        Assert.Equal(before.GetProperty("new").GetInt64() + 2, report.GetProperty("users").GetProperty("new").GetInt64());
        Assert.Equal(before.GetProperty("active").GetInt64() + 1, report.GetProperty("users").GetProperty("active").GetInt64());
        Assert.Equal(1, report.GetProperty("agents").GetProperty("verified").GetInt32());
        Assert.Equal(1, report.GetProperty("deployments").GetProperty("byEnvironment").GetProperty("production").GetInt32());
        Assert.Equal(30, report.GetProperty("days").GetArrayLength());
        var today = report.GetProperty("days").EnumerateArray().Single(d => d.GetProperty("day").GetString() == Today(api));
        Assert.Equal(4, today.GetProperty("invocations").GetInt64());
        Assert.Equal(listed.AgentId, report.GetProperty("topAgentsByInvocations")[0].GetProperty("agentId").GetGuid());
        Assert.Equal(15, report.GetProperty("topAgentsByRevenue")[0].GetProperty("grossCents").GetInt64());

        using var publisher = api.ClientFor(listed.Publisher);
        var mine = await (await publisher.GetAsync("/api/v1/publishers/me/analytics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, mine.GetProperty("totals").GetProperty("invocations").GetInt64());
        Assert.Equal(12, mine.GetProperty("totals").GetProperty("netCents").GetInt64());
        Assert.Equal(JsonValueKind.Null, mine.GetProperty("users").ValueKind);
        using var otherPublisher = api.ClientFor(await api.PublisherAsync());
        var theirs = await (await otherPublisher.GetAsync("/api/v1/publishers/me/analytics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, theirs.GetProperty("totals").GetProperty("invocations").GetInt64());
        Assert.Empty(theirs.GetProperty("topAgentsByInvocations").EnumerateArray());
    }

    [Theory]
    [InlineData("?from=2026-11-20&to=2026-11-01", "from")]
    [InlineData("?from=2024-01-01&to=2026-01-01", "from")]
    [InlineData("?groupBy=week", "groupBy")]
    [InlineData("?from=yesterday", null)]
    public async Task Bad_ranges_and_group_bys_are_400(string query, string? field)
    {
        using var admin = api.ClientFor(await api.AdminAsync());

        var response = await admin.GetAsync("/api/v1/admin/analytics/overview" + query);

        if (field is null)
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
        else
        {
            await response.AssertValidationErrorAsync(field);
        }
    }

    [Fact]
    public async Task Active_users_are_those_who_called_on_a_day_inside_the_range_across_month_edges()
    {
        // Days in 2020 (a leap year) that no other test touches, announced as the gateway announces calls.
        Guid first = Guid.NewGuid(), second = Guid.NewGuid(), third = Guid.NewGuid();
        CallerDay[] callers =
        [
            new(first, new DateOnly(2020, 1, 31)),
            new(second, new DateOnly(2020, 2, 1)), new(second, new DateOnly(2020, 3, 15)),
            new(third, new DateOnly(2020, 2, 29)),
        ];
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            await mediator.Publish(new AgentInvocationsRecorded([], callers));
            await mediator.Publish(new AgentInvocationsRecorded([], [new(second, new DateOnly(2020, 2, 1))]));
        }

        using var admin = api.ClientFor(await api.AdminAsync());
        async Task<long> ActiveAsync(string from, string to) =>
            (await (await admin.GetAsync($"/api/v1/admin/analytics/overview?from={from}&to={to}")).JsonAsync(HttpStatusCode.OK))
            .GetProperty("users").GetProperty("active").GetInt64();

        Assert.Equal(1, await ActiveAsync("2020-02-01", "2020-02-28"));
        Assert.Equal(2, await ActiveAsync("2020-01-31", "2020-02-01"));
        Assert.Equal(1, await ActiveAsync("2020-02-29", "2020-03-14"));
        Assert.Equal(2, await ActiveAsync("2020-02-29", "2020-03-15"));
        Assert.Equal(0, await ActiveAsync("2020-02-02", "2020-02-28"));
        Assert.Equal(3, await ActiveAsync("2020-01-01", "2020-03-31"));
    }

    [Fact]
    public async Task Consumers_get_403_from_admin_and_publisher_analytics()
    {
        using var consumer = api.ClientFor(await api.RegisterAsync());
        using var publisher = api.ClientFor(await api.PublisherAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync("/api/v1/admin/analytics/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await publisher.GetAsync("/api/v1/admin/analytics/overview")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.GetAsync("/api/v1/publishers/me/analytics")).StatusCode);
    }
}
