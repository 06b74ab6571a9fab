using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Ledger;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Payments;

internal sealed record PayRequest(string? PaymentMethod);

internal sealed record PaymentView(string Status, Guid PaymentId, Guid InvoiceId, long AmountCents, string Currency, string Provider);

/// <summary>
/// Paying invoices. One payment at a time per invoice (a partial unique index on processing or
/// succeeded payments), so two concurrent pays charge once; the invoice becomes paid, and the ledger
/// settles it, exactly once however the success is learnt (the pay call or a provider webhook).
/// </summary>
internal sealed class InvoicePayments(
    BillingDbContext db, IPaymentProvider provider, IOptions<BillingOptions> options, TimeProvider clock, BillingMetrics metrics, IMediator mediator)
{
    private Guid? _settledInvoice;

    public async Task<Result<PaymentView>> PayAsync(Guid userId, Guid invoiceId, string paymentMethod, string? idempotencyKey, CancellationToken ct)
    {
        var started = await StartPaymentAsync(userId, invoiceId, ct);
        if (!started.IsSuccess)
        {
            return started.Error!;
        }

        var (invoice, payment) = started.Value;

        var charge = new PaymentCharge(payment.Id, invoice.Id, invoice.Number, userId, invoice.TotalCents,
            invoice.Currency, paymentMethod, idempotencyKey is null ? payment.Id.ToString() : $"{userId}:{invoice.Id}:{idempotencyKey}");
        ChargeOutcome outcome;
        try
        {
            outcome = await provider.ChargeAsync(charge, CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException)
        {
            outcome = new ChargeOutcome(ChargeResult.Unknown, null, e.GetType().Name);
        }

        metrics.PaymentFinished(outcome.Result.ToString().ToLowerInvariant());
        if (outcome.Result == ChargeResult.Succeeded)
        {
            // The invoice cannot have been voided meanwhile (a void waits for a payment in progress): it is
            // paid now, by this call or by the provider's webhook that got here first.
            await SettleAsync(payment.Id, outcome.ProviderPaymentId, ct);
            return new PaymentView(InvoiceStatus.Paid, payment.Id, invoice.Id, invoice.TotalCents, invoice.Currency, provider.Name);
        }

        if (outcome.Result is ChargeResult.Pending or ChargeResult.Unknown)
        {
            await db.Payments.Where(p => p.Id == payment.Id && p.ProviderPaymentId == null)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(p => p.ProviderPaymentId, outcome.ProviderPaymentId)
                    .SetProperty(p => p.UpdatedAt, clock.GetUtcNow()), CancellationToken.None);
            return new PaymentView(PaymentStatus.Processing, payment.Id, invoice.Id, invoice.TotalCents, invoice.Currency, provider.Name);
        }

        await FailAsync(payment.Id, outcome.ProviderPaymentId, outcome.Message, CancellationToken.None);
        return outcome.Result switch
        {
            ChargeResult.Declined => new DomainError(ErrorKind.PaymentRequired, $"The payment was declined: {outcome.Message} The invoice is still open."),
            ChargeResult.InvalidPaymentMethod => DomainError.Invalid("paymentMethod", outcome.Message!),
            _ => new DomainError(ErrorKind.ServiceUnavailable, "The payment provider is unavailable; nothing was charged. Try again."),
        };
    }

    /// <summary>
    /// Only a payment still processing becomes failed: a provider's webhook may already have settled it
    /// (the charge went through although the call that made it timed out), and that must not be undone.
    /// True when this call failed it; the invoice stays open, to be paid again.
    /// </summary>
    public async Task<bool> FailAsync(Guid paymentId, string? providerPaymentId, string? reason, CancellationToken ct)
    {
        var kept = reason is { Length: > 500 } ? reason[..500] : reason;
        return await db.Payments.Where(p => p.Id == paymentId && p.Status == PaymentStatus.Processing)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Status, PaymentStatus.Failed)
                .SetProperty(p => p.ProviderPaymentId, p => p.ProviderPaymentId ?? providerPaymentId)
                .SetProperty(p => p.FailureReason, kept)
                .SetProperty(p => p.UpdatedAt, clock.GetUtcNow()), ct) == 1;
    }

    /// <summary>
    /// A charge that went through after its payment had been given up on (failed), once another payment was
    /// made for the invoice: an invoice is paid once, so the money is owed back. Recorded in the caller's
    /// transaction (with the webhook event that told of it); <see cref="RefundAsync"/> gives it back after the
    /// commit, and the reconciliation job again while the provider cannot be reached.
    /// </summary>
    public async Task OweBackInTransactionAsync(Guid paymentId, string providerPaymentId, CancellationToken ct) =>
        await db.Payments.Where(p => p.Id == paymentId && p.Status == PaymentStatus.Failed)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Status, PaymentStatus.RefundDue)
                .SetProperty(p => p.ProviderPaymentId, p => p.ProviderPaymentId ?? providerPaymentId)
                .SetProperty(p => p.FailureReason, "Charged after it was given up on, when the invoice had another payment: refunded.")
                .SetProperty(p => p.UpdatedAt, clock.GetUtcNow()), ct);

    /// <summary>Gives back a charge owed back (<see cref="OweBackInTransactionAsync"/>). True when this call refunded it.</summary>
    public async Task<bool> RefundAsync(Guid paymentId, CancellationToken ct)
    {
        var charged = await db.Payments.AsNoTracking().Where(p => p.Id == paymentId && p.Status == PaymentStatus.RefundDue)
            .Select(p => p.ProviderPaymentId).FirstOrDefaultAsync(ct);
        if (charged is null)
        {
            return false;
        }

        await provider.RefundAsync(paymentId, charged, ct);
        return await db.Payments.Where(p => p.Id == paymentId && p.Status == PaymentStatus.RefundDue)
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Status, PaymentStatus.Refunded)
                .SetProperty(p => p.UpdatedAt, clock.GetUtcNow()), ct) == 1;
    }

    /// <summary>
    /// Records a payment in progress, under the invoice's row lock, only if the invoice is open: a void
    /// takes the same lock and refuses while a payment is in progress, so an invoice is never voided
    /// under a charge that then succeeds.
    /// </summary>
    private async Task<Result<(Invoice Invoice, Payment Payment)>> StartPaymentAsync(Guid userId, Guid invoiceId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async Task<Result<(Invoice, Payment)>> () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var invoice = await BillingLocks.LockInvoiceAsync(db, invoiceId, ct);
            if (invoice is null || invoice.UserId != userId)
            {
                return DomainError.NotFound("Invoice");
            }

            if (invoice.Status != InvoiceStatus.Open)
            {
                return DomainError.Conflict($"The invoice is {invoice.Status}; only an open invoice can be paid.");
            }

            var now = clock.GetUtcNow();
            var payment = new Payment
            {
                Id = Guid.CreateVersion7(),
                InvoiceId = invoice.Id,
                UserId = userId,
                Provider = provider.Name,
                AmountCents = invoice.TotalCents,
                Currency = invoice.Currency,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Payments.Add(payment);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                return DomainError.Conflict("This invoice is already paid or a payment for it is in progress.");
            }

            await transaction.CommitAsync(ct);
            return (invoice, payment);
        });
    }

    /// <summary>
    /// Marks the payment succeeded and its invoice paid, and writes the settlement to the ledger — once:
    /// only the call that moves the invoice from open to paid writes entries. True when this call did.
    /// </summary>
    public async Task<bool> SettleAsync(Guid paymentId, string? providerPaymentId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var settled = await SettleInTransactionAsync(paymentId, providerPaymentId, ct);
            await transaction.CommitAsync(ct);
            return settled;
        }) && await AnnounceSettledAsync(ct);
    }

    /// <summary>
    /// Raises <see cref="InvoicePaid"/> for the invoice the last <see cref="SettleInTransactionAsync"/>
    /// paid; the caller calls it once its transaction has committed. True when there was one.
    /// </summary>
    public async Task<bool> AnnounceSettledAsync(CancellationToken ct)
    {
        if (_settledInvoice is not { } invoiceId)
        {
            return false;
        }

        _settledInvoice = null;
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstAsync(i => i.Id == invoiceId, ct);
        var basisPoints = options.Value.PlatformFeeBasisPoints;
        var shares = invoice.Lines.GroupBy(l => (l.AgentId, l.PublisherId)).Select(g =>
        {
            var gross = g.Sum(l => l.AmountCents);
            var fee = g.Sum(l => LedgerAccounts.Fee(l.AmountCents, basisPoints));
            return new PaidAgentShare(g.Key.AgentId, g.Key.PublisherId, gross, fee, gross - fee);
        }).ToList();
        await mediator.Publish(new InvoicePaid(invoice.Id, invoice.UserId, invoice.PaidAt!.Value, invoice.Currency, shares), ct);
        return true;
    }

    /// <summary>
    /// <see cref="SettleAsync"/> inside a transaction the caller has begun and will commit, so that the
    /// settlement and a write of the caller's (a webhook event's id) happen together or not at all.
    /// </summary>
    public async Task<bool> SettleInTransactionAsync(Guid paymentId, string? providerPaymentId, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Settling a payment needs the caller's transaction.");
        }

        var now = clock.GetUtcNow();
        var payment = await db.Payments.FirstAsync(p => p.Id == paymentId, ct);
        // The invoice's lock first, as a pay starting takes it before it writes a payment: in the other
        // order, a settle and a second pay of the same invoice would each wait for the other.
        await BillingLocks.LockInvoiceAsync(db, payment.InvoiceId, ct);
        payment.Status = PaymentStatus.Succeeded;
        payment.ProviderPaymentId ??= providerPaymentId;
        payment.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        var paid = await db.Invoices.Where(i => i.Id == payment.InvoiceId && i.Status == InvoiceStatus.Open)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, InvoiceStatus.Paid).SetProperty(i => i.PaidAt, now), ct);
        if (paid == 1)
        {
            await InvoiceStatements.WriteSettlementAsync(db, payment.InvoiceId, now, options.Value.PlatformFeeBasisPoints, ct);
            _settledInvoice = payment.InvoiceId;
        }

        return paid == 1;
    }
}
