using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Stripe;

namespace AgentMarketplace.Billing.Payments;

/// <summary>
/// Charges through Stripe: one PaymentIntent per payment, created and confirmed in a single call. The
/// idempotency key makes a retried call (by Stripe.net after a network fault, or by the client with the
/// same Idempotency-Key) return the first PaymentIntent instead of charging again. <see cref="IPaymentProvider"/>
/// is the adapter: this is the only class that calls Stripe's API (a charge, and reading back one left in doubt).
/// </summary>
internal sealed class StripePaymentProvider(IStripeClient stripe, ILogger<StripePaymentProvider> logger) : IPaymentProvider
{
    public const string HttpClientName = "Billing.Stripe";
    public const string ProviderName = "stripe";

    private readonly PaymentIntentService _intents = new(stripe);
    private readonly RefundService _refunds = new(stripe);

    public string Name => ProviderName;

    public async Task<ChargeOutcome> ChargeAsync(PaymentCharge charge, CancellationToken ct)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = charge.AmountCents,
            Currency = charge.Currency.ToLowerInvariant(),
            PaymentMethod = charge.PaymentMethod,
            Confirm = true,
            // The API has no page to send a customer back to, so only methods that never redirect may be used.
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true, AllowRedirects = "never" },
            Description = $"Invoice {charge.InvoiceNumber}",
            // The webhook finds the payment from these: it may arrive before this call has returned.
            Metadata = new Dictionary<string, string>
            {
                [StripeMetadata.InvoiceId] = charge.InvoiceId.ToString(),
                [StripeMetadata.PaymentId] = charge.PaymentId.ToString(),
                [StripeMetadata.UserId] = charge.UserId.ToString(),
            },
        };

        try
        {
            var intent = await _intents.CreateAsync(options, new RequestOptions { IdempotencyKey = charge.IdempotencyKey }, ct);
            return FromStatus(intent);
        }
        catch (StripeException e)
        {
            return FromError(e, charge);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            logger.LogWarning(e, "Stripe could not be reached for payment {PaymentId}", charge.PaymentId);
            return new ChargeOutcome(ChargeResult.Unavailable, null, e.GetType().Name);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException or TimeoutException && !ct.IsCancellationRequested))
        {
            // Sent, but unanswered: Stripe may have charged, and its webhook will say.
            logger.LogWarning(e, "Stripe did not answer for payment {PaymentId}; its outcome is left to the webhook", charge.PaymentId);
            return new ChargeOutcome(ChargeResult.Unknown, null, e.GetType().Name);
        }
    }

    /// <summary>
    /// By the PaymentIntent's id when the charge's answer gave one, else by Stripe's search over the
    /// metadata every charge carries (the search index lags by about a minute: asked long after the
    /// charge, an empty answer means Stripe never received it).
    /// </summary>
    public async Task<ChargeOutcome?> FindAsync(Guid paymentId, string? providerPaymentId, CancellationToken ct)
    {
        if (providerPaymentId is not null)
        {
            return FromStatus(await _intents.GetAsync(providerPaymentId, cancellationToken: ct));
        }

        var found = await _intents.SearchAsync(
            new PaymentIntentSearchOptions { Query = $"metadata['{StripeMetadata.PaymentId}']:'{paymentId}'", Limit = 1 }, cancellationToken: ct);
        return found.Data.FirstOrDefault() is { } intent ? FromStatus(intent) : null;
    }

    /// <summary>
    /// A full refund of the PaymentIntent, keyed by the payment so that a retry (ours or Stripe.net's) makes no
    /// second refund; one Stripe already made under another key (by hand in the dashboard, say) is as good.
    /// </summary>
    public async Task RefundAsync(Guid paymentId, string providerPaymentId, CancellationToken ct)
    {
        try
        {
            await _refunds.CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = providerPaymentId,
                Metadata = new Dictionary<string, string> { [StripeMetadata.PaymentId] = paymentId.ToString() },
            }, new RequestOptions { IdempotencyKey = $"refund:{paymentId}" }, ct);
        }
        catch (StripeException e) when (e.StripeError?.Code == "charge_already_refunded")
        {
            logger.LogInformation("Payment {PaymentId}: PaymentIntent {IntentId} was already refunded", paymentId, providerPaymentId);
        }
    }

    /// <summary>
    /// `processing` (e.g. a bank debit) is left for the webhook to finish. `requires_action` (3-D Secure)
    /// is a decline here: completing it needs the customer in a browser, which this API cannot bring, and
    /// an unconfirmed PaymentIntent never moves money, so the invoice can simply be paid another way.
    /// </summary>
    private static ChargeOutcome FromStatus(PaymentIntent intent) => intent.Status switch
    {
        "succeeded" => new ChargeOutcome(ChargeResult.Succeeded, intent.Id, null),
        "processing" => new ChargeOutcome(ChargeResult.Pending, intent.Id, null),
        "requires_action" => new ChargeOutcome(ChargeResult.Declined, intent.Id,
            "The card needs the cardholder to authenticate the payment, which this API cannot do."),
        _ => new ChargeOutcome(ChargeResult.Declined, intent.Id,
            intent.LastPaymentError?.Message ?? $"The payment did not complete (Stripe status '{intent.Status}')."),
    };

    private ChargeOutcome FromError(StripeException e, PaymentCharge charge)
    {
        var error = e.StripeError;
        var intentId = error?.PaymentIntent?.Id;
        switch (error?.Type)
        {
            case "card_error":
                return new ChargeOutcome(ChargeResult.Declined, intentId, error.Message);
            case "invalid_request_error" when error.Param == "payment_method":
                return new ChargeOutcome(ChargeResult.InvalidPaymentMethod, intentId,
                    error.Code == "resource_missing" ? $"No such payment method: '{charge.PaymentMethod}'." : error.Message);
            case "invalid_request_error":
                // Something about this charge Stripe will never accept (an amount under its minimum, say):
                // the customer sees Stripe's reason and the invoice stays open.
                logger.LogWarning("Stripe refused payment {PaymentId}: {Code} {Message}", charge.PaymentId, error.Code, error.Message);
                return new ChargeOutcome(ChargeResult.Declined, intentId, error.Message);
        }

        // The rest is not the customer's to fix: Stripe's own faults and rate limits, and a key that is
        // wrong or lacks permissions, which the operator must hear about.
        var level = e.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? LogLevel.Error : LogLevel.Warning;
        logger.Log(level, e, "Stripe failed payment {PaymentId} with HTTP {Status} ({Type})",
            charge.PaymentId, ((int)e.HttpStatusCode).ToString(CultureInfo.InvariantCulture), error?.Type);
        return new ChargeOutcome(ChargeResult.Unavailable, intentId, error?.Message);
    }
}

/// <summary>The metadata keys put on each PaymentIntent and read back from its webhook events.</summary>
internal static class StripeMetadata
{
    public const string InvoiceId = "invoice_id";
    public const string PaymentId = "payment_id";
    public const string UserId = "user_id";
}
