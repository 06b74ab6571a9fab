using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>Row locks that order Billing's writers; each is held until the caller's transaction ends.</summary>
internal static class BillingLocks
{
    /// <summary>The invoice, locked against a concurrent pay or void; null when there is none.</summary>
    public static Task<Invoice?> LockInvoiceAsync(BillingDbContext db, Guid invoiceId, CancellationToken ct) =>
        db.Invoices.FromSql($"SELECT * FROM billing.invoices WHERE id = {invoiceId} FOR UPDATE").AsNoTracking().FirstOrDefaultAsync(ct);
}
