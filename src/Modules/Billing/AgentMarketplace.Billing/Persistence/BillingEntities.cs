namespace AgentMarketplace.Billing.Persistence;

internal static class InvoiceStatus
{
    public const string Draft = "draft";
    public const string Open = "open";
    public const string Paid = "paid";
    public const string Void = "void";
    public const string Uncollectible = "uncollectible";

    public static readonly IReadOnlyList<string> All = [Draft, Open, Paid, Void, Uncollectible];
}

/// <summary>One billing run per period; periods never overlap (an exclusion constraint), so no usage is billed twice.</summary>
internal sealed class BillingRun
{
    public Guid Id { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public int InvoicesCreated { get; set; }
    public long TotalCents { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A user's bill for one period: unique per (user, period start).</summary>
internal sealed class Invoice
{
    public Guid Id { get; init; }
    /// <summary>Human-readable and sequential: INV-2026-000123.</summary>
    public required string Number { get; init; }
    public Guid UserId { get; init; }
    public Guid RunId { get; init; }
    public DateTimeOffset PeriodStart { get; init; }
    public DateTimeOffset PeriodEnd { get; init; }
    public string Status { get; set; } = InvoiceStatus.Open;
    public required string Currency { get; init; }
    public long SubtotalCents { get; init; }
    public long TotalCents { get; init; }
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? PaidAt { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }
    public List<InvoiceLine> Lines { get; init; } = [];
}

internal sealed class InvoiceLine
{
    public long Id { get; init; }
    public Guid InvoiceId { get; init; }
    public Guid AgentId { get; init; }
    /// <summary>Who earns this line's net amount.</summary>
    public Guid PublisherId { get; init; }
    public required string Description { get; init; }
    public long Quantity { get; init; }
    public long UnitPriceCents { get; init; }
    public long AmountCents { get; init; }
}

internal static class PaymentStatus
{
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>
    /// Charged after it was given up on, once another payment had been made: the money goes back
    /// (see <see cref="Payments.InvoicePayments.RefundAsync"/>). Refunded once it has.
    /// </summary>
    public const string RefundDue = "refund_due";
    public const string Refunded = "refunded";
}

/// <summary>An attempt to pay an invoice. At most one is processing or succeeded per invoice (a partial unique index).</summary>
internal sealed class Payment
{
    public Guid Id { get; init; }
    public Guid InvoiceId { get; init; }
    public Guid UserId { get; init; }
    public required string Provider { get; init; }
    public string? ProviderPaymentId { get; set; }
    public string Status { get; set; } = PaymentStatus.Processing;
    public long AmountCents { get; init; }
    public required string Currency { get; init; }
    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// One side of a double-entry ledger transaction: positive amounts are debits, negative credits, and a
/// transaction's entries sum to zero (checked by the database at commit). Entries are only ever added.
/// </summary>
internal sealed class LedgerEntry
{
    public long Id { get; init; }
    public Guid TransactionId { get; init; }
    /// <summary>e.g. `receivable:{userId}`, `cash`, `platform_revenue`, `payable:{publisherId}`, `billed`.</summary>
    public required string Account { get; init; }
    public long AmountCents { get; init; }
    public required string Currency { get; init; }
    public Guid? InvoiceId { get; init; }
    public Guid? AgentId { get; init; }
    public required string Kind { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>A remembered answer to a request sent with an Idempotency-Key (kept at least 24 hours).</summary>
internal sealed class IdempotencyRecord
{
    public Guid UserId { get; init; }
    public required string Key { get; init; }
    public required string Scope { get; init; }
    public required string RequestHash { get; init; }
    public int? ResponseStatus { get; set; }
    public string? ResponseBody { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>
/// A Stripe webhook event that has been applied. Stripe delivers at least once, so the id is written in
/// the same transaction as the event's effect: a redelivery finds it and changes nothing.
/// </summary>
internal sealed class StripeEvent
{
    public required string EventId { get; init; }
    public required string Type { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}
