using System.Net;
using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>
/// POST /api/v1/billing/webhooks/stripe: signed events, delivered at least once and in any order, as
/// Stripe delivers them. The payments they are about are made through <see cref="StripeStub"/>.
/// </summary>
public sealed class StripeWebhookTests(StripeApiFactory api, SampleAgentHost agent)
    : IClassFixture<StripeApiFactory>, IClassFixture<SampleAgentHost>
{
    private sealed record Pending(HttpClient Consumer, Guid InvoiceId, Guid PaymentId, JsonObject Intent);

    /// <summary>An open invoice whose Stripe payment is still processing: only a webhook can finish it.</summary>
    private async Task<Pending> ProcessingPaymentAsync()
    {
        var start = api.Clock.GetUtcNow();
        var (_, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 3);
        await api.RunBillingSinceAsync(start);
        var invoiceId = (await consumer.SingleInvoiceAsync()).GetProperty("id").GetGuid();
        var pending = await (await consumer.PayAsync(invoiceId, StripeStub.ProcessingMethod)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("processing", pending.GetProperty("status").GetString());
        var paymentId = pending.GetProperty("paymentId").GetGuid();
        return new Pending(consumer, invoiceId, paymentId, api.Stub.Intents[paymentId]);
    }

    private static string Succeeded(Pending pending, string? eventId = null)
    {
        var intent = (JsonObject)pending.Intent.DeepClone();
        intent["status"] = "succeeded";
        intent["amount_received"] = intent["amount"]!.DeepClone();
        intent["processing"] = null;
        return StripeWebhookDelivery.Event("payment_intent.succeeded", intent, eventId);
    }

    private static string Failed(Pending pending)
    {
        var intent = (JsonObject)pending.Intent.DeepClone();
        intent["status"] = "requires_payment_method";
        intent["processing"] = null;
        intent["last_payment_error"] = new JsonObject
        {
            ["code"] = "card_declined", ["decline_code"] = "insufficient_funds", ["message"] = "Your card has insufficient funds.",
            ["type"] = "card_error",
        };
        return StripeWebhookDelivery.Event("payment_intent.payment_failed", intent);
    }

    private static string IdOf(string eventJson) => JsonNode.Parse(eventJson)!["id"]!.GetValue<string>();

    private async Task<string> InvoiceStatusAsync(Pending pending) =>
        (await (await pending.Consumer.GetAsync($"/api/v1/billing/invoices/{pending.InvoiceId}")).JsonAsync(HttpStatusCode.OK))
        .GetProperty("status").GetString()!;

    private Task<long> PaymentsAsync(Pending pending, string status) =>
        api.ScalarAsync($"SELECT count(*) FROM billing.payments WHERE id = '{pending.PaymentId}' AND status = '{status}'");

    private Task<long> SettlementsAsync(Pending pending) =>
        api.ScalarAsync($"SELECT count(DISTINCT transaction_id) FROM billing.ledger_entries WHERE invoice_id = '{pending.InvoiceId}' AND kind = 'invoice_paid'");

    private Task ReconcileAsync() =>
        api.Services.GetServices<IScheduledJob>().Single(j => j.Name == "billing.reconcile-payments").RunAsync(CancellationToken.None);

    private Task<long> RecordedAsync(string eventJson) =>
        api.ScalarAsync($"SELECT count(*) FROM billing.stripe_events WHERE event_id = '{IdOf(eventJson)}'");

    [Fact]
    public async Task A_success_delivered_three_times_at_once_and_again_later_pays_the_invoice_once()
    {
        var pending = await ProcessingPaymentAsync();
        var succeeded = Succeeded(pending);
        using var stripe = api.CreateClient();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stripe.DeliverAsync(succeeded)));
        var later = await stripe.DeliverAsync(succeeded);

        Assert.All(concurrent.Append(later), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal("paid", await InvoiceStatusAsync(pending));
        Assert.Equal(1, await PaymentsAsync(pending, "succeeded"));
        Assert.Equal(1, await SettlementsAsync(pending));
        // One settlement of one line: cash, receivable, billed, the platform's fee and the publisher's share.
        Assert.Equal(5, await api.ScalarAsync($"SELECT count(*) FROM billing.ledger_entries WHERE invoice_id = '{pending.InvoiceId}' AND kind = 'invoice_paid'"));
        Assert.Equal(1, await RecordedAsync(succeeded));
    }

    [Fact]
    public async Task A_success_arriving_after_a_failure_still_pays_and_a_later_failure_does_not_undo_it()
    {
        var pending = await ProcessingPaymentAsync();
        using var stripe = api.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Failed(pending))).StatusCode);
        Assert.Equal(1, await PaymentsAsync(pending, "failed"));
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Succeeded(pending))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Failed(pending))).StatusCode);

        Assert.Equal("paid", await InvoiceStatusAsync(pending));
        Assert.Equal(1, await PaymentsAsync(pending, "succeeded"));
        Assert.Equal(1, await SettlementsAsync(pending));
    }

    [Fact]
    public async Task An_invoice_cannot_be_voided_under_a_payment_in_progress_whose_success_then_pays_it()
    {
        var pending = await ProcessingPaymentAsync();
        using var admin = api.ClientFor(await api.AdminAsync());
        using var stripe = api.CreateClient();

        var refused = await (await admin.PostAsync($"/api/v1/admin/billing/invoices/{pending.InvoiceId}/void", null))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Succeeded(pending))).StatusCode);

        Assert.Contains("payment of this invoice is in progress", refused.GetProperty("detail").GetString());
        Assert.Equal("paid", await InvoiceStatusAsync(pending));
        Assert.Equal(1, await SettlementsAsync(pending));
    }

    /// <summary>The payment fails (Stripe says so), which opens its invoice again, and an admin voids the invoice.</summary>
    private async Task FailAndVoidAsync(Pending pending, HttpClient stripe)
    {
        using var admin = api.ClientFor(await api.AdminAsync());
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Failed(pending))).StatusCode);
        await (await admin.PostAsync($"/api/v1/admin/billing/invoices/{pending.InvoiceId}/void", null)).JsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Once_its_payment_has_failed_an_invoice_can_be_voided()
    {
        var pending = await ProcessingPaymentAsync();
        using var stripe = api.CreateClient();

        await FailAndVoidAsync(pending, stripe);

        Assert.Equal("void", await InvoiceStatusAsync(pending));
    }

    /// <summary>The refunds the stub made of <paramref name="pending"/>'s PaymentIntent.</summary>
    private int RefundsOf(Pending pending) =>
        api.Stub.Refunds.Values.Count(r => r["payment_intent"]!.GetValue<string>() == pending.Intent["id"]!.GetValue<string>());

    /// <summary>A payment given up on (failed), the invoice paid by another, then Stripe says the first went through after all.</summary>
    private async Task<string> LateSuccessAfterAnotherPaymentAsync(Pending pending, HttpClient stripe)
    {
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Failed(pending))).StatusCode);
        Assert.Equal("open", await InvoiceStatusAsync(pending));
        await (await pending.Consumer.PayAsync(pending.InvoiceId, "pm_card_visa")).JsonAsync(HttpStatusCode.OK);
        var lateSuccess = Succeeded(pending);
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(lateSuccess)).StatusCode);
        return lateSuccess;
    }

    [Fact]
    public async Task A_failure_frees_the_invoice_for_another_payment_and_a_late_success_of_the_first_is_refunded_not_paid_twice()
    {
        var pending = await ProcessingPaymentAsync();
        using var stripe = api.CreateClient();

        var lateSuccess = await LateSuccessAfterAnotherPaymentAsync(pending, stripe);
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(lateSuccess)).StatusCode); // delivered again

        Assert.Equal("paid", await InvoiceStatusAsync(pending));
        Assert.Equal(1, await PaymentsAsync(pending, "refunded"));
        Assert.Equal(1, RefundsOf(pending));
        Assert.Equal(1, await SettlementsAsync(pending));
        Assert.Equal(1, await RecordedAsync(lateSuccess));
    }

    [Fact]
    public async Task A_late_success_of_a_failed_payment_whose_invoice_was_voided_is_refunded()
    {
        var pending = await ProcessingPaymentAsync();
        using var stripe = api.CreateClient();

        await FailAndVoidAsync(pending, stripe);
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(Succeeded(pending))).StatusCode);

        Assert.Equal("void", await InvoiceStatusAsync(pending));
        Assert.Equal(1, await PaymentsAsync(pending, "refunded"));
        Assert.Equal(1, RefundsOf(pending));
        Assert.Equal(0, await SettlementsAsync(pending));
    }

    [Fact]
    public async Task A_refund_Stripe_cannot_make_now_is_owed_and_made_once_by_the_reconciliation_job()
    {
        var pending = await ProcessingPaymentAsync();
        using var stripe = api.CreateClient();

        api.Stub.RefundsFail = true;
        try
        {
            await LateSuccessAfterAnotherPaymentAsync(pending, stripe);
            Assert.Equal(1, await PaymentsAsync(pending, "refund_due"));
            await ReconcileAsync();
            Assert.Equal((1L, 0), (await PaymentsAsync(pending, "refund_due"), RefundsOf(pending)));
        }
        finally
        {
            api.Stub.RefundsFail = false;
        }

        await ReconcileAsync();
        await ReconcileAsync();

        Assert.Equal(1, await PaymentsAsync(pending, "refunded"));
        Assert.Equal(1, RefundsOf(pending));
        Assert.Equal("paid", await InvoiceStatusAsync(pending));
    }

    [Fact]
    public async Task A_bad_or_missing_signature_is_400_and_nothing_is_written()
    {
        var pending = await ProcessingPaymentAsync();
        var succeeded = Succeeded(pending);
        using var stripe = api.CreateClient();

        var wrongSecret = await stripe.DeliverAsync(succeeded, StripeWebhookDelivery.Signature(succeeded, "whsec_someone_else"));
        var tampered = await stripe.DeliverAsync(succeeded.Replace("\"amount\":15", "\"amount\":1", StringComparison.Ordinal),
            StripeWebhookDelivery.Signature(succeeded));
        var unsigned = await stripe.DeliverAsync(succeeded, "");

        foreach (var response in new[] { wrongSecret, tampered, unsigned })
        {
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        Assert.Equal(0, await RecordedAsync(succeeded));
        Assert.Equal(1, await PaymentsAsync(pending, "processing"));
        Assert.Equal("open", await InvoiceStatusAsync(pending));
    }

    [Fact]
    public async Task A_signature_older_than_five_minutes_is_a_replay_and_400()
    {
        var pending = await ProcessingPaymentAsync();
        var succeeded = Succeeded(pending);
        using var stripe = api.CreateClient();

        var replayed = await stripe.DeliverAsync(succeeded,
            StripeWebhookDelivery.Signature(succeeded, at: DateTimeOffset.UtcNow.AddMinutes(-6)));

        await replayed.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await RecordedAsync(succeeded));
        Assert.Equal("open", await InvoiceStatusAsync(pending));
        Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(succeeded)).StatusCode);
        Assert.Equal("paid", await InvoiceStatusAsync(pending));
    }

    [Fact]
    public async Task Events_of_other_types_and_for_PaymentIntents_that_are_not_ours_are_recorded_and_acknowledged()
    {
        using var stripe = api.CreateClient();
        var customer = StripeWebhookDelivery.Event("customer.created", new JsonObject
        {
            ["id"] = "cus_R3bTQ2bYBdJ6jA", ["object"] = "customer", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["email"] = "someone@example.com", ["livemode"] = false, ["metadata"] = new JsonObject(),
        });
        var foreign = StripeWebhookDelivery.Event("payment_intent.succeeded", new JsonObject
        {
            ["id"] = "pi_3QforeignXXXXXXXXXXXXXXXX", ["object"] = "payment_intent", ["amount"] = 999, ["currency"] = "usd",
            ["status"] = "succeeded", ["livemode"] = false, ["metadata"] = new JsonObject { ["payment_id"] = Guid.NewGuid().ToString() },
        });

        foreach (var payload in new[] { customer, foreign })
        {
            Assert.Equal(HttpStatusCode.OK, (await stripe.DeliverAsync(payload)).StatusCode);
            Assert.Equal(1, await RecordedAsync(payload));
        }

        Assert.Equal(0, await api.ScalarAsync("SELECT count(*) FROM billing.payments WHERE provider_payment_id = 'pi_3QforeignXXXXXXXXXXXXXXXX'"));
    }
}
