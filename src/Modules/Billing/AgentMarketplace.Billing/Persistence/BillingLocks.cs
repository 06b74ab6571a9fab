using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>Locks that order Billing's writers; each is held until the caller's transaction ends.</summary>
internal static class BillingLocks
{
    /// <summary>
    /// For SQL that records usage: prefix it, so the shared billed-periods lock lasts until that statement's
    /// transaction ends (see <c>BilledPeriods</c> for why usage and billing runs are ordered).
    /// </summary>
    public static readonly string UsageLockSql = $"SELECT pg_advisory_xact_lock_shared({AdvisoryLockKeys.BilledPeriods})";

    private static readonly string RunLockSql = $"SELECT pg_advisory_xact_lock({AdvisoryLockKeys.BilledPeriods})";

    /// <summary>The invoice, locked against a concurrent pay or void; null when there is none.</summary>
    public static Task<Invoice?> LockInvoiceAsync(BillingDbContext db, Guid invoiceId, CancellationToken ct) =>
        db.Invoices.FromSqlRaw("SELECT * FROM billing.invoices WHERE id = @invoice FOR UPDATE", new NpgsqlParameter("invoice", invoiceId))
            .AsNoTracking().SingleOrDefaultAsync(ct);

    /// <summary>Shared: usage writers run side by side, and wait for a billing run that holds the lock.</summary>
    public static Task LockForUsageAsync(BillingDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(UsageLockSql, ct);

    /// <summary>Exclusive: a billing run waits for the usage being written, and usage waits for the run.</summary>
    public static Task LockForRunAsync(BillingDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(RunLockSql, ct);
}
