using System.Net;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>Paying invoices through the Stripe provider, with Stripe's API played by <see cref="StripeStub"/>.</summary>
public sealed class StripePaymentTests(StripeApiFactory api, SampleAgentHost agent)
    : IClassFixture<StripeApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task Paying_confirms_a_PaymentIntent_for_the_invoice_total_with_the_idempotency_key_and_the_invoice_is_paid()
    {
        var (consumer, user, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var paid = await (await consumer.PayAsync(invoiceId, "pm_card_visa", key: "stripe-pay-1")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("paid", paid.GetProperty("status").GetString());
        Assert.Equal("stripe", paid.GetProperty("provider").GetString());
        Assert.Equal("paid", await consumer.InvoiceStatusAsync(invoiceId));
        var paymentId = paid.GetProperty("paymentId").GetGuid();
        var sent = Assert.Single(api.Stub.RequestsFor(invoiceId));
        Assert.Equal($"{user.Id}:{invoiceId}:stripe-pay-1", sent.IdempotencyKey);
        Assert.Equal($"Bearer {StripeApiFactory.SecretKey}", sent.Authorization);
        Assert.Equal("15", sent.Form["amount"]);
        Assert.Equal("usd", sent.Form["currency"]);
        Assert.Equal("pm_card_visa", sent.Form["payment_method"]);
        Assert.Equal("true", sent.Form["confirm"]);
        Assert.Equal("never", sent.Form["automatic_payment_methods[allow_redirects]"]);
        Assert.Equal(paymentId.ToString(), sent.Form["metadata[payment_id]"]);
        Assert.Equal(user.Id.ToString(), sent.Form["metadata[user_id]"]);
        var intentId = api.Stub.Intents[paymentId]["id"]!.GetValue<string>();
        Assert.Equal(1, await api.ScalarAsync(
            $"SELECT count(*) FROM billing.payments WHERE id = '{paymentId}' AND status = 'succeeded' AND provider_payment_id = '{intentId}'"));
        Assert.Equal(1, await api.ScalarAsync(
            $"SELECT count(DISTINCT transaction_id) FROM billing.ledger_entries WHERE invoice_id = '{invoiceId}' AND kind = 'invoice_paid'"));
    }

    [Fact]
    public async Task Without_an_Idempotency_Key_the_payment_id_is_Stripes_idempotency_key()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var paid = await (await consumer.PayAsync(invoiceId)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(paid.GetProperty("paymentId").GetGuid().ToString(), Assert.Single(api.Stub.RequestsFor(invoiceId)).IdempotencyKey);
    }

    [Fact]
    public async Task A_card_Stripe_declines_is_402_with_Stripes_reason_and_the_invoice_stays_open()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var problem = await (await consumer.PayAsync(invoiceId, "pm_card_chargeDeclined")).AssertProblemAsync(HttpStatusCode.PaymentRequired);

        Assert.Contains("Your card was declined.", problem.GetProperty("detail").GetString());
        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
        // The declined PaymentIntent, named in Stripe's error, is kept with the failed payment.
        Assert.Equal(1, await api.ScalarAsync(
            $"SELECT count(*) FROM billing.payments WHERE invoice_id = '{invoiceId}' AND status = 'failed' AND provider_payment_id LIKE 'pi_%'"));
        Assert.Equal(0, await api.ScalarAsync($"SELECT count(*) FROM billing.ledger_entries WHERE invoice_id = '{invoiceId}' AND kind = 'invoice_paid'"));
        await (await consumer.PayAsync(invoiceId, "pm_card_visa")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("paid", await consumer.InvoiceStatusAsync(invoiceId));
    }

    [Fact]
    public async Task A_payment_method_Stripe_does_not_know_is_400_on_paymentMethod()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        await (await consumer.PayAsync(invoiceId, "pm_made_up")).AssertValidationErrorAsync("paymentMethod");

        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
    }

    [Fact]
    public async Task A_Stripe_outage_is_503_with_the_invoice_still_open_and_every_retry_under_one_idempotency_key()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        await (await consumer.PayAsync(invoiceId, StripeStub.ServerErrorMethod)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
        var attempts = api.Stub.RequestsFor(invoiceId);
        Assert.Equal(3, attempts.Count); // the call and Stripe.net's two retries
        Assert.Single(attempts.Select(a => a.IdempotencyKey).Distinct());
        Assert.Equal(1, await api.ScalarAsync($"SELECT count(*) FROM billing.payments WHERE invoice_id = '{invoiceId}' AND status = 'failed'"));
    }

    [Fact]
    public async Task A_PaymentIntent_still_processing_leaves_the_invoice_open_and_blocks_a_second_payment()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var pending = await (await consumer.PayAsync(invoiceId, StripeStub.ProcessingMethod)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("processing", pending.GetProperty("status").GetString());
        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
        await (await consumer.PayAsync(invoiceId, "pm_card_visa")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(JsonValueKind.String, api.Stub.Intents[pending.GetProperty("paymentId").GetGuid()]["id"]!.GetValueKind());
    }
}
