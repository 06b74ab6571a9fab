using AgentMarketplace.Billing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Stripe;

namespace AgentMarketplace.Billing.Payments;

internal enum WebhookOutcome
{
    /// <summary>The signature was checked and the event applied (or, for a type or payment we do not know, only recorded).</summary>
    Applied,
    /// <summary>This event id was applied before: Stripe delivers at least once.</summary>
    AlreadyApplied,
}

/// <summary>
/// Stripe's webhook events. Each event's id is recorded in the same transaction as its effect, so a
/// redelivery — even a concurrent one, which waits on the first's uncommitted row — changes nothing.
/// Events can arrive in any order: success settles a payment whatever happened before (unless its
/// invoice has since had another payment or been voided: then it is refunded), and failure only touches
/// a payment that is still processing.
/// </summary>
internal sealed class StripeWebhooks(
    BillingDbContext db, InvoicePayments payments, IOptions<BillingOptions> options, TimeProvider clock, ILogger<StripeWebhooks> logger)
{
    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's own default: an older signed timestamp is treated as a replay.</summary>
    private const long ToleranceSeconds = 300;

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.StripeWebhookSecret);

    /// <summary>The payment an applied event found owed back, refunded once its transaction has committed.</summary>
    private Guid? _owedBack;

    /// <summary>
    /// The event, when the payload is signed with this endpoint's secret within the tolerance; otherwise
    /// null and why. Stripe checks the timestamp against the real clock, not the injected one.
    /// </summary>
    public Event? Verify(string json, string? signature, out string? problem)
    {
        try
        {
            // A payload from another API version still has the fields read here; refusing it would only
            // make Stripe retry it for days after an account's version is upgraded.
            var stripeEvent = EventUtility.ConstructEvent(json, signature ?? "", options.Value.StripeWebhookSecret,
                tolerance: ToleranceSeconds, throwOnApiVersionMismatch: false);
            problem = null;
            return stripeEvent;
        }
        catch (Exception e) when (e is StripeException or Newtonsoft.Json.JsonException)
        {
            problem = e.Message;
            return null;
        }
    }

    public async Task<WebhookOutcome> ApplyAsync(Event stripeEvent, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var recorded = await StripeEventStatements.RecordAsync(db, stripeEvent.Id, stripeEvent.Type, clock.GetUtcNow(), ct);
            if (recorded == 0)
            {
                return WebhookOutcome.AlreadyApplied;
            }

            var handler = stripeEvent.Type switch
            {
                EventTypes.PaymentIntentSucceeded => OnSucceededAsync(stripeEvent, ct),
                EventTypes.PaymentIntentPaymentFailed => OnFailedAsync(stripeEvent, ct),
                _ => Task.CompletedTask,
            };
            await handler;
            await transaction.CommitAsync(ct);
            return WebhookOutcome.Applied;
        });

        // After the commit: subscribers must never hear of a payment that was rolled back, and money is
        // given back only for a charge the database has recorded as owed.
        await payments.AnnounceSettledAsync(ct);
        if (_owedBack is { } owed)
        {
            _owedBack = null;
            await RefundNowAsync(owed, ct);
        }

        return outcome;
    }

    private async Task RefundNowAsync(Guid paymentId, CancellationToken ct)
    {
        try
        {
            await payments.RefundAsync(paymentId, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not refund payment {PaymentId} now; billing.reconcile-payments tries again", paymentId);
        }
    }

    private async Task OnSucceededAsync(Event stripeEvent, CancellationToken ct)
    {
        if (await PaymentOfAsync(stripeEvent, ct) is not ({ } payment, { } intent))
        {
            return;
        }

        if (intent.Amount != payment.AmountCents || !string.Equals(intent.Currency, payment.Currency, StringComparison.OrdinalIgnoreCase))
        {
            logger.LogError("Stripe event {EventId}: PaymentIntent {IntentId} is for {Amount} {Currency}, payment {PaymentId} for {Expected} {ExpectedCurrency}; not settled",
                stripeEvent.Id, intent.Id, intent.Amount, intent.Currency, payment.Id, payment.AmountCents, payment.Currency);
            return;
        }

        // Only a payment given up on can have been overtaken: while one processes, the invoice has no other payment
        // processing or succeeded (a partial unique index) and cannot be voided, so its success asks nothing more.
        if (payment.Status is not (PaymentStatus.Processing or PaymentStatus.Succeeded)
            && (await db.Payments.AnyAsync(p => p.InvoiceId == payment.InvoiceId && p.Id != payment.Id
                    && (p.Status == PaymentStatus.Processing || p.Status == PaymentStatus.Succeeded), ct)
                || await db.Invoices.AnyAsync(i => i.Id == payment.InvoiceId && i.Status == InvoiceStatus.Void, ct)))
        {
            // This attempt was given up on (marked failed) and since then another one has been made or the
            // invoice voided: an invoice is paid only once, and a void one not at all, so what Stripe took for
            // this one goes back (after the commit, see ApplyAsync).
            logger.LogWarning("Stripe event {EventId}: payment {PaymentId} of invoice {InvoiceId} succeeded after it was given up on; PaymentIntent {IntentId} is refunded",
                stripeEvent.Id, payment.Id, payment.InvoiceId, intent.Id);
            await payments.OweBackInTransactionAsync(payment.Id, intent.Id, ct);
            _owedBack = payment.Id;
            return;
        }

        await payments.SettleInTransactionAsync(payment.Id, intent.Id, ct);
    }

    private async Task OnFailedAsync(Event stripeEvent, CancellationToken ct)
    {
        if (await PaymentOfAsync(stripeEvent, ct) is not ({ } payment, { } intent))
        {
            return;
        }

        await payments.FailAsync(payment.Id, intent.Id, intent.LastPaymentError?.Message ?? "The payment failed.", ct);
    }

    /// <summary>
    /// The Stripe payment the event's PaymentIntent pays: by the payment id put in its metadata, else by
    /// the PaymentIntent's id. Null for PaymentIntents this platform did not create.
    /// </summary>
    private async Task<(Payment Payment, PaymentIntent Intent)?> PaymentOfAsync(Event stripeEvent, CancellationToken ct)
    {
        if (stripeEvent.Data?.Object is not PaymentIntent intent)
        {
            logger.LogWarning("Stripe event {EventId} ({Type}) carries no PaymentIntent; ignored", stripeEvent.Id, stripeEvent.Type);
            return null;
        }

        Payment? payment = null;
        if (intent.Metadata?.TryGetValue(StripeMetadata.PaymentId, out var raw) == true && Guid.TryParse(raw, out var paymentId))
        {
            payment = await db.Payments.FirstOrDefaultAsync(p => p.Id == paymentId, ct);
        }

        payment ??= await db.Payments.FirstOrDefaultAsync(p => p.ProviderPaymentId == intent.Id, ct);
        if (payment is null || payment.Provider != StripePaymentProvider.ProviderName || (payment.ProviderPaymentId is not null && payment.ProviderPaymentId != intent.Id))
        {
            logger.LogInformation("Stripe event {EventId} ({Type}) is for PaymentIntent {IntentId}, not a payment of ours; ignored",
                stripeEvent.Id, stripeEvent.Type, intent.Id);
            return null;
        }

        return (payment, intent);
    }
}
