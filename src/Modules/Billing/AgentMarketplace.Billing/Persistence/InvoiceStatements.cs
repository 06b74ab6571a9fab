using AgentMarketplace.Billing.Ledger;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>
/// Invoices and their ledger entries, written set-based: issuing a run's invoices from the staged lines
/// (<see cref="UsagePricing.StageLinesAsync"/>), voiding one, settling one that was paid. Each runs in
/// the caller's transaction, which holds the locks that order it.
/// </summary>
internal static class InvoiceStatements
{
    /// <summary>
    /// One invoice per user of billing_lines, its lines, and the ledger's issuing entries — three
    /// statements whatever the number of users.
    /// </summary>
    public static async Task IssueFromStagedLinesAsync(BillingDbContext db, BillingRun run, string currency, CancellationToken ct)
    {
        NpgsqlParameter[] parameters =
        [
            new("run", run.Id), new("start", run.PeriodStart), new("end", run.PeriodEnd), new("now", run.CreatedAt),
            new("currency", currency),
        ];
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO billing.invoices (id, number, user_id, run_id, period_start, period_end, status, currency,
                                          subtotal_cents, total_cents, issued_at)
            SELECT gen_random_uuid(), 'INV-' || to_char(@start AT TIME ZONE 'UTC', 'YYYY') || '-' || lpad(nextval('billing.invoice_numbers')::text, 6, '0'),
                   user_id, @run, @start, @end, 'open', @currency, total, total, @now
              FROM (SELECT user_id, sum(amount) AS total FROM billing_lines GROUP BY user_id ORDER BY user_id) totals;

            INSERT INTO billing.invoice_lines (invoice_id, agent_id, publisher_id, description, quantity, unit_price_cents, amount_cents)
            SELECT i.id, l.agent_id, l.publisher_id, l.description, l.quantity, l.unit_price, l.amount
              FROM billing_lines l JOIN billing.invoices i ON i.user_id = l.user_id AND i.run_id = @run
             ORDER BY i.id, l.agent_id, l.part;
            """, parameters, ct);

        var issued = $"""
            INSERT INTO billing.ledger_entries (transaction_id, account, amount_cents, currency, invoice_id, agent_id, kind, at)
            SELECT i.id, x.account, x.amount, i.currency, i.id, NULL, '{LedgerAccounts.InvoiceIssued}', @now
              FROM billing.invoices i
              CROSS JOIN LATERAL (VALUES ('receivable:' || i.user_id, i.total_cents), ('{LedgerAccounts.Billed}', -i.total_cents)) x(account, amount)
             WHERE i.run_id = @run
            """;
        await db.Database.ExecuteSqlRawAsync(issued, parameters.Select(p => p.Clone()).ToArray(), ct);
    }

    /// <summary>The ledger entries that take a voided invoice back out of what was billed.</summary>
    public static async Task WriteVoidedAsync(BillingDbContext db, Guid invoiceId, DateTimeOffset now, CancellationToken ct)
    {
        var sql = $"""
            INSERT INTO billing.ledger_entries (transaction_id, account, amount_cents, currency, invoice_id, agent_id, kind, at)
            SELECT t.id, x.account, x.amount, i.currency, i.id, NULL, '{LedgerAccounts.InvoiceVoided}', @now
              FROM billing.invoices i CROSS JOIN (SELECT gen_random_uuid() AS id) t
              CROSS JOIN LATERAL (VALUES ('{LedgerAccounts.Billed}', i.total_cents), ('receivable:' || i.user_id, -i.total_cents)) x(account, amount)
             WHERE i.id = @invoice
            """;
        await db.Database.ExecuteSqlRawAsync(sql, [new NpgsqlParameter("now", now), new NpgsqlParameter("invoice", invoiceId)], ct);
    }

    /// <summary>
    /// Cash against the receivable; then, line by line, billed against the platform's fee and the
    /// publisher's payable (<see cref="LedgerAccounts.Fee"/>: the fee rounds half up, the publisher gets the rest).
    /// </summary>
    public static async Task WriteSettlementAsync(BillingDbContext db, Guid invoiceId, DateTimeOffset now, int feeBasisPoints, CancellationToken ct)
    {
        var sql = $"""
            WITH tx AS (SELECT gen_random_uuid() AS id),
                 inv AS (SELECT * FROM billing.invoices WHERE id = @invoice),
                 lines AS (SELECT agent_id, publisher_id, amount_cents, {LedgerAccounts.FeeSql("amount_cents")} AS fee
                             FROM billing.invoice_lines WHERE invoice_id = @invoice)
            INSERT INTO billing.ledger_entries (transaction_id, account, amount_cents, currency, invoice_id, agent_id, kind, at)
            SELECT tx.id, e.account, e.amount, inv.currency, inv.id, e.agent_id, '{LedgerAccounts.InvoicePaid}', @now
              FROM tx, inv, LATERAL (
                    SELECT '{LedgerAccounts.Cash}' AS account, inv.total_cents AS amount, NULL::uuid AS agent_id
                    UNION ALL SELECT 'receivable:' || inv.user_id, -inv.total_cents, NULL
                    UNION ALL SELECT '{LedgerAccounts.Billed}', inv.total_cents, NULL
                    UNION ALL SELECT '{LedgerAccounts.PlatformRevenue}', -l.fee, l.agent_id FROM lines l WHERE l.fee <> 0
                    UNION ALL SELECT 'payable:' || l.publisher_id, -(l.amount_cents - l.fee), l.agent_id FROM lines l WHERE l.amount_cents - l.fee <> 0
                   ) e
            """;
        await db.Database.ExecuteSqlRawAsync(sql,
            [
                new NpgsqlParameter("invoice", invoiceId), new NpgsqlParameter("now", now),
                new NpgsqlParameter("feeBasisPoints", (long)feeBasisPoints),
            ], ct);
    }
}
