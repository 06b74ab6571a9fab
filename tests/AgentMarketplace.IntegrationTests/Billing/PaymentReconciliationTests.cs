using System.Net;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>
/// Payments left processing are finished by asking Stripe (played by <see cref="StripeStub"/>) once
/// `Billing:ReconcilePaymentsAfterMinutes` (15) have passed. On a host of its own: the clock moves.
/// </summary>
public sealed class PaymentReconciliationTests(StripeApiFactory api, SampleAgentHost agent)
    : IClassFixture<StripeApiFactory>, IClassFixture<SampleAgentHost>
{
    private Task ReconcileAsync() =>
        api.Services.GetServices<IScheduledJob>().Single(j => j.Name == "billing.reconcile-payments").RunAsync(CancellationToken.None);

    private Task<long> PaymentsAsync(Guid invoiceId, string status) =>
        api.ScalarAsync($"SELECT count(*) FROM billing.payments WHERE invoice_id = '{invoiceId}' AND status = '{status}'");

    [Fact]
    public async Task A_charge_whose_answer_was_lost_is_settled_from_Stripe_once_the_window_has_passed()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var paid = await (await consumer.PayAsync(invoiceId, StripeStub.AnswerLostMethod)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("processing", paid.GetProperty("status").GetString());

        await ReconcileAsync();
        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId)); // too soon to ask

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await ReconcileAsync();
        await ReconcileAsync();

        Assert.Equal("paid", await consumer.InvoiceStatusAsync(invoiceId));
        Assert.Equal(1, await PaymentsAsync(invoiceId, "succeeded"));
        Assert.Equal(1, await api.ScalarAsync(
            $"SELECT count(DISTINCT transaction_id) FROM billing.ledger_entries WHERE invoice_id = '{invoiceId}' AND kind = 'invoice_paid'"));
    }

    [Fact]
    public async Task A_charge_Stripe_never_received_fails_after_the_window_and_the_invoice_can_be_paid()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);

        var paid = await (await consumer.PayAsync(invoiceId, StripeStub.NeverReceivedMethod)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("processing", paid.GetProperty("status").GetString());
        await (await consumer.PayAsync(invoiceId, "pm_card_visa")).AssertProblemAsync(HttpStatusCode.Conflict);

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await ReconcileAsync();

        Assert.Equal(1, await PaymentsAsync(invoiceId, "failed"));
        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
        await (await consumer.PayAsync(invoiceId, "pm_card_visa")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("paid", await consumer.InvoiceStatusAsync(invoiceId));
    }

    [Fact]
    public async Task A_processing_payment_follows_Stripe_still_processing_then_failed()
    {
        var (consumer, _, invoiceId) = await api.OpenInvoiceOf3CallsAsync(agent);
        var paymentId = (await (await consumer.PayAsync(invoiceId, StripeStub.ProcessingMethod)).JsonAsync(HttpStatusCode.OK))
            .GetProperty("paymentId").GetGuid();

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await ReconcileAsync();
        Assert.Equal(1, await PaymentsAsync(invoiceId, "processing"));

        api.Stub.SetStatus(paymentId, "requires_payment_method");
        api.Clock.Advance(TimeSpan.FromMinutes(16));
        await ReconcileAsync();

        Assert.Equal(1, await PaymentsAsync(invoiceId, "failed"));
        Assert.Equal("open", await consumer.InvoiceStatusAsync(invoiceId));
    }
}
