using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>Each test bills the period since it began; the clock only moves forward, so periods never overlap.</summary>
public sealed partial class BillingRunTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task A_run_invoices_each_user_once_with_a_line_per_agent_and_a_sequential_number()
    {
        var start = api.Clock.GetUtcNow();
        var (listed, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 3);

        var run = await api.RunBillingSinceAsync(start);

        Assert.Equal(1, run.GetProperty("invoicesCreated").GetInt32());
        var invoice = await consumer.SingleInvoiceAsync();
        Assert.Matches(InvoiceNumber(), invoice.GetProperty("number").GetString());
        Assert.Equal(user.Id, invoice.GetProperty("userId").GetGuid());
        Assert.Equal("open", invoice.GetProperty("status").GetString());
        Assert.Equal("USD", invoice.GetProperty("currency").GetString());
        Assert.Equal(15, invoice.GetProperty("totalCents").GetInt64());
        Assert.Equal(15, invoice.GetProperty("subtotalCents").GetInt64());
        var line = Assert.Single(invoice.GetProperty("lines").EnumerateArray());
        Assert.Equal(listed.AgentId, line.GetProperty("agentId").GetGuid());
        Assert.Equal(3, line.GetProperty("quantity").GetInt64());
        Assert.Equal(5, line.GetProperty("unitPriceCents").GetInt64());
        Assert.Equal(15, line.GetProperty("amountCents").GetInt64());
    }

    [Fact]
    public async Task Running_a_period_again_or_twice_at_once_creates_nothing_new()
    {
        var start = api.Clock.GetUtcNow();
        var (_, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(2));
        await consumer.CallAsync(deployment, 1);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var end = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var admin = api.ClientFor(await api.AdminAsync());

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = end })));
        var again = await (await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = end }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var created = await Task.WhenAll(concurrent.Select(async r => (await r.JsonAsync(HttpStatusCode.OK)).GetProperty("invoicesCreated").GetInt32()));
        Assert.Equal(1, created.Sum());
        Assert.Equal(0, again.GetProperty("invoicesCreated").GetInt32());
        Assert.True(again.GetProperty("alreadyRun").GetBoolean());
        await consumer.SingleInvoiceAsync();
    }

    [Fact]
    public async Task An_overlapping_period_is_409_and_bad_periods_are_400()
    {
        var start = api.Clock.GetUtcNow();
        await api.RunBillingSinceAsync(start);
        using var admin = api.ClientFor(await api.AdminAsync());

        await (await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start.AddSeconds(30), periodEnd = api.Clock.GetUtcNow() }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = start.AddDays(-1) }))
            .AssertValidationErrorAsync("periodEnd");
        await (await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = start.AddYears(5) }))
            .AssertValidationErrorAsync("periodEnd");
        await (await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodEnd = start }))
            .AssertValidationErrorAsync("periodStart");
        using var consumer = api.ClientFor(await api.RegisterAsync());
        Assert.Equal(HttpStatusCode.Forbidden,
            (await consumer.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = start.AddDays(1) })).StatusCode);
    }

    [Fact]
    public async Task Free_agents_make_no_invoice()
    {
        var start = api.Clock.GetUtcNow();
        var (_, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.Free);
        await consumer.CallAsync(deployment, 2);

        await api.RunBillingSinceAsync(start);

        var invoices = await (await consumer.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);
        Assert.Empty(invoices.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Graduated_tiers_price_the_periods_total_units_tier_by_tier()
    {
        var start = api.Clock.GetUtcNow();
        var tiers = new { model = "per_unit", currency = "USD", tiers = new object[] { new { upTo = 10, unitPriceCents = 3 }, new { upTo = (long?)null, unitPriceCents = 1 } } };
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, tiers);
        await api.ReportUsageAsync(listed.Publisher, deployment, 7);
        await api.ReportUsageAsync(listed.Publisher, deployment, 8);

        await api.RunBillingSinceAsync(start);

        // 15 units: the first 10 at 3¢, the next 5 at 1¢ — tiers apply to the period's total, not per event.
        var invoice = await consumer.SingleInvoiceAsync();
        var lines = invoice.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("quantity").GetInt64(), l.GetProperty("unitPriceCents").GetInt64())).ToList();
        Assert.Equal([(10L, 3L), (5L, 1L)], lines);
        Assert.Equal(35, invoice.GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task A_subscription_charges_its_fee_and_the_units_beyond_those_included()
    {
        var start = api.Clock.GetUtcNow();
        var plan = new { model = "subscription", currency = "USD", monthlyFeeCents = 900, includedUnits = 2, unitPriceCents = 4 };
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, plan);
        await api.ReportUsageAsync(listed.Publisher, deployment, 5);

        await api.RunBillingSinceAsync(start);

        var invoice = await consumer.SingleInvoiceAsync();
        var lines = invoice.GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("quantity").GetInt64(), l.GetProperty("unitPriceCents").GetInt64())).ToList();
        Assert.Equal([(1L, 900L), (3L, 4L)], lines);
        Assert.Equal(912, invoice.GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task Usage_is_priced_at_the_price_in_force_when_it_happened()
    {
        // A price change applies from the next period, so a run over this period uses today's price.
        var start = api.Clock.GetUtcNow();
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        using var publisher = api.ClientFor(listed.Publisher);
        await (await publisher.PutAsJsonAsync($"/api/v1/listings/{listed.ListingId}/pricing", new { pricing = TestCatalog.PerCall(50) }))
            .JsonAsync(HttpStatusCode.OK);
        await consumer.CallAsync(deployment, 2);

        await api.RunBillingSinceAsync(start);

        Assert.Equal(10, (await consumer.SingleInvoiceAsync()).GetProperty("totalCents").GetInt64());
    }

    [Fact]
    public async Task The_usage_report_prices_usage_as_the_invoice_will()
    {
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(7));
        await consumer.CallAsync(deployment, 3);

        var from = Uri.EscapeDataString(api.Clock.GetUtcNow().AddHours(-1).ToString("o"));
        var to = Uri.EscapeDataString(api.Clock.GetUtcNow().AddMinutes(1).ToString("o"));
        var report = await (await consumer.GetAsync($"/api/v1/billing/usage?from={from}&to={to}")).JsonAsync(HttpStatusCode.OK);

        var item = Assert.Single(report.GetProperty("items").EnumerateArray());
        Assert.Equal(listed.AgentId, item.GetProperty("agentId").GetGuid());
        Assert.Equal(deployment, item.GetProperty("deploymentId").GetGuid());
        Assert.Equal(3, item.GetProperty("calls").GetInt64());
        Assert.Equal(21, item.GetProperty("amountCents").GetInt64());
        Assert.Equal(21, report.GetProperty("totalCents").GetInt64());
        Assert.Equal("USD", report.GetProperty("currency").GetString());
        var day = Assert.Single(report.GetProperty("days").EnumerateArray());
        Assert.Equal(DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), day.GetProperty("date").GetString());
        Assert.Equal(3, day.GetProperty("calls").GetInt64());
        Assert.Equal(item.GetProperty("units").GetInt64(), day.GetProperty("units").GetInt64());
        var dayBefore = api.Clock.GetUtcNow().UtcDateTime.Date.AddDays(-1);
        var before = await (await consumer.GetAsync(
                $"/api/v1/billing/usage?from={Uri.EscapeDataString(dayBefore.ToString("o"))}&to={Uri.EscapeDataString(dayBefore.AddDays(1).ToString("o"))}"))
            .JsonAsync(HttpStatusCode.OK);
        Assert.Empty(before.GetProperty("days").EnumerateArray());
        await (await consumer.GetAsync($"/api/v1/billing/usage?from={to}&to={from}")).AssertValidationErrorAsync("from");
    }

    [GeneratedRegex(@"^INV-\d{4}-\d{6}$")]
    private static partial Regex InvoiceNumber();
}
