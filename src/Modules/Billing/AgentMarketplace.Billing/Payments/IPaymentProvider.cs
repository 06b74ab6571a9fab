namespace AgentMarketplace.Billing.Payments;

/// <summary>What a payment provider is asked to do: charge an invoice's total to a payment method, once per idempotency key.</summary>
internal sealed record PaymentCharge(
    Guid PaymentId, Guid InvoiceId, string InvoiceNumber, Guid UserId, long AmountCents, string Currency, string PaymentMethod, string IdempotencyKey);

internal enum ChargeResult
{
    Succeeded,
    /// <summary>The card was declined: the invoice stays open (402).</summary>
    Declined,
    /// <summary>The payment method is not one the provider knows (400).</summary>
    InvalidPaymentMethod,
    /// <summary>The provider could not be reached or failed (503); nothing was charged as far as we know.</summary>
    Unavailable,
    /// <summary>
    /// The request was sent but no answer came (a timeout): the provider may have charged. The payment
    /// stays processing, like <see cref="Pending"/>, until the provider's webhook says how it ended, so
    /// neither a second payment nor a void can act on an invoice that may have been paid.
    /// </summary>
    Unknown,
    /// <summary>
    /// Accepted but not final (Stripe's `processing`): the payment stays processing and the invoice open
    /// until the provider's webhook says how it ended.
    /// </summary>
    Pending,
}

internal sealed record ChargeOutcome(ChargeResult Result, string? ProviderPaymentId, string? Message);

/// <summary>Charges payment methods: Stripe when a key is configured, otherwise the built-in test provider.</summary>
internal interface IPaymentProvider
{
    string Name { get; }

    Task<ChargeOutcome> ChargeAsync(PaymentCharge charge, CancellationToken ct);

    /// <summary>
    /// How a charge left in doubt ended, as the provider knows it (by its id when one came back, else by
    /// the payment's id); null when the provider never received it. Throws when the provider cannot be asked.
    /// </summary>
    Task<ChargeOutcome?> FindAsync(Guid paymentId, string? providerPaymentId, CancellationToken ct);

    /// <summary>
    /// Gives back all that charge <paramref name="providerPaymentId"/> (the platform's payment <paramref name="paymentId"/>)
    /// took. Asked again for the same payment, it refunds nothing more. Throws when the provider cannot be asked.
    /// </summary>
    Task RefundAsync(Guid paymentId, string providerPaymentId, CancellationToken ct);
}
