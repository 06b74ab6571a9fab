namespace AgentMarketplace.Billing.Ledger;

/// <summary>
/// The ledger's accounts and transaction kinds. Issuing an invoice: receivable (debit) against billed
/// (credit). Payment: cash against receivable, and billed against the platform's fee and each
/// publisher's payable, line by line. Voiding: billed against receivable. Every balance is the sum of
/// its entries; nothing is updated or deleted.
/// </summary>
internal static class LedgerAccounts
{
    public const string Cash = "cash";
    public const string Billed = "billed";
    public const string PlatformRevenue = "platform_revenue";

    public static string Receivable(Guid userId) => $"receivable:{userId}";

    public static string Payable(Guid publisherId) => $"payable:{publisherId}";

    public const string InvoiceIssued = "invoice_issued";
    public const string InvoicePaid = "invoice_paid";
    public const string InvoiceVoided = "invoice_voided";

    /// <summary>
    /// The platform's fee on a line: amount × basis points / 10,000, rounded half up to a whole minor
    /// unit (the publisher gets the rest, so the two always add up to the line).
    /// </summary>
    public static long Fee(long amountCents, int basisPoints) => (amountCents * basisPoints + 5_000) / 10_000;

    /// <summary><see cref="Fee"/> in SQL, over a column of amounts.</summary>
    public static string FeeSql(string amountColumn) => $"(({amountColumn}) * @feeBasisPoints + 5000) / 10000";
}
