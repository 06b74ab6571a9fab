using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.Billing.Ledger;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Billing;

public sealed class PaymentTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    /// <summary>A consumer with one open invoice of <paramref name="calls"/> × 5¢ for the returned agent.</summary>
    private async Task<(ListedAgent Agent, HttpClient Consumer, JsonElement Invoice)> OpenInvoiceAsync(int calls = 3)
    {
        var start = api.Clock.GetUtcNow();
        var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, calls);
        await api.RunBillingSinceAsync(start);
        return (listed, consumer, await consumer.SingleInvoiceAsync());
    }

    private static Guid IdOf(JsonElement invoice) => invoice.GetProperty("id").GetGuid();

    [Fact]
    public async Task Paying_with_a_good_card_marks_the_invoice_paid_and_paying_again_is_409()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();

        var paid = await (await consumer.PayAsync(IdOf(invoice))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.NotEqual(Guid.Empty, paid.GetProperty("paymentId").GetGuid());
        var after = await (await consumer.GetAsync($"/api/v1/billing/invoices/{IdOf(invoice)}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("paid", after.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, after.GetProperty("paidAt").ValueKind);
        await (await consumer.PayAsync(IdOf(invoice))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_declined_card_is_402_and_the_invoice_stays_open_for_another_try()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();

        await (await consumer.PayAsync(IdOf(invoice), "pm_card_chargeDeclined")).AssertProblemAsync(HttpStatusCode.PaymentRequired);

        var after = await (await consumer.GetAsync($"/api/v1/billing/invoices/{IdOf(invoice)}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("open", after.GetProperty("status").GetString());
        await (await consumer.PayAsync(IdOf(invoice), "pm_card_visa")).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_unknown_payment_method_is_400_and_a_missing_one_too()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();

        await (await consumer.PayAsync(IdOf(invoice), "pm_made_up")).AssertValidationErrorAsync("paymentMethod");
        await (await consumer.PostAsJsonAsync($"/api/v1/billing/invoices/{IdOf(invoice)}/pay", new { })).AssertValidationErrorAsync("paymentMethod");
    }

    [Fact]
    public async Task Two_concurrent_pays_of_one_invoice_make_one_payment()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => consumer.PayAsync(IdOf(invoice), key: $"concurrent-{i}-{Guid.NewGuid()}")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await api.ScalarAsync($"SELECT count(*) FROM billing.payments WHERE invoice_id = '{IdOf(invoice)}' AND status = 'succeeded'"));
    }

    [Fact]
    public async Task The_same_idempotency_key_replays_the_first_answer_and_another_body_with_it_is_422()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();
        var key = Guid.NewGuid().ToString();

        var first = await (await consumer.PayAsync(IdOf(invoice), key: key)).JsonAsync(HttpStatusCode.OK);
        var replay = await (await consumer.PayAsync(IdOf(invoice), key: key)).JsonAsync(HttpStatusCode.OK);
        var otherBody = await consumer.PayAsync(IdOf(invoice), "pm_card_mastercard", key);

        Assert.Equal(first.GetProperty("paymentId").GetGuid(), replay.GetProperty("paymentId").GetGuid());
        await otherBody.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(1, await api.ScalarAsync($"SELECT count(*) FROM billing.payments WHERE invoice_id = '{IdOf(invoice)}'"));
    }

    [Fact]
    public async Task Another_users_invoice_is_404_to_read_and_to_pay()
    {
        var (_, _, invoice) = await OpenInvoiceAsync();
        using var stranger = api.ClientFor(await api.RegisterAsync());

        await (await stranger.GetAsync($"/api/v1/billing/invoices/{IdOf(invoice)}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PayAsync(IdOf(invoice))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_admin_voids_an_open_invoice_which_then_cannot_be_paid_or_voided_again()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();
        using var admin = api.ClientFor(await api.AdminAsync());

        var voided = await (await admin.PostAsync($"/api/v1/admin/billing/invoices/{IdOf(invoice)}/void", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("void", voided.GetProperty("status").GetString());
        await (await consumer.PayAsync(IdOf(invoice))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await admin.PostAsync($"/api/v1/admin/billing/invoices/{IdOf(invoice)}/void", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.Forbidden, (await consumer.PostAsync($"/api/v1/admin/billing/invoices/{IdOf(invoice)}/void", null)).StatusCode);
    }

    [Fact]
    public async Task Payment_splits_each_line_into_the_platform_fee_and_the_publishers_earnings()
    {
        var (listed, consumer, invoice) = await OpenInvoiceAsync(calls: 3);
        await (await consumer.PayAsync(IdOf(invoice))).JsonAsync(HttpStatusCode.OK);

        using var publisher = api.ClientFor(listed.Publisher);
        var earnings = await (await publisher.GetAsync("/api/v1/publishers/me/earnings")).JsonAsync(HttpStatusCode.OK);

        // 15¢ at a 20% fee: 3¢ to the platform, 12¢ to the publisher.
        Assert.Equal(15, earnings.GetProperty("grossCents").GetInt64());
        Assert.Equal(3, earnings.GetProperty("platformFeeCents").GetInt64());
        Assert.Equal(12, earnings.GetProperty("netCents").GetInt64());
        var byAgent = Assert.Single(earnings.GetProperty("byAgent").EnumerateArray());
        Assert.Equal(listed.AgentId, byAgent.GetProperty("agentId").GetGuid());
        Assert.Equal(12, byAgent.GetProperty("netCents").GetInt64());

        var statistics = await (await publisher.GetAsync($"/api/v1/agents/{listed.AgentId}/statistics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(15, statistics.GetProperty("revenue").GetProperty("grossCents").GetInt64());
        var anonymous = await (await api.CreateClient().GetAsync($"/api/v1/agents/{listed.AgentId}/statistics")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, anonymous.GetProperty("revenue").ValueKind);
    }

    [Fact]
    public async Task The_ledger_refuses_entries_that_do_not_balance_and_changes_to_entries()
    {
        var (_, consumer, invoice) = await OpenInvoiceAsync();
        await (await consumer.PayAsync(IdOf(invoice))).JsonAsync(HttpStatusCode.OK);

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync("""
            INSERT INTO billing.ledger_entries (transaction_id, account, amount_cents, currency, kind, at)
            VALUES (gen_random_uuid(), 'cash', 100, 'USD', 'invoice_paid', now())
            """));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync("UPDATE billing.ledger_entries SET amount_cents = 0"));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => api.ScalarAsync("DELETE FROM billing.ledger_entries"));
    }

    [Theory]
    [InlineData(5, 2000, 1)]
    [InlineData(3, 2000, 1)]
    [InlineData(2, 2000, 0)]
    [InlineData(25, 2000, 5)]
    [InlineData(5, 1000, 1)]
    [InlineData(4, 1000, 0)]
    [InlineData(999_999, 2000, 200_000)]
    public void The_platform_fee_rounds_half_up_to_a_whole_cent(long amount, int basisPoints, long fee) =>
        Assert.Equal(fee, LedgerAccounts.Fee(amount, basisPoints));
}
