using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Validation;

namespace AgentMarketplace.Billing.Invoices;

internal sealed record InvoiceLineView(Guid AgentId, string Description, long Quantity, long UnitPriceCents, long AmountCents);

internal sealed record InvoiceView(
    Guid Id, string Number, Guid UserId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd,
    [property: OneOf(typeof(InvoiceStatus))] string Status, string Currency,
    IReadOnlyList<InvoiceLineView> Lines, long SubtotalCents, long TotalCents, DateTimeOffset IssuedAt, DateTimeOffset? PaidAt,
    DateTimeOffset? VoidedAt)
{
    public static InvoiceView From(Invoice invoice) => new(
        invoice.Id, invoice.Number, invoice.UserId, invoice.PeriodStart, invoice.PeriodEnd, invoice.Status, invoice.Currency,
        invoice.Lines.OrderBy(l => l.Id).Select(l => new InvoiceLineView(l.AgentId, l.Description, l.Quantity, l.UnitPriceCents, l.AmountCents)).ToList(),
        invoice.SubtotalCents, invoice.TotalCents, invoice.IssuedAt, invoice.PaidAt, invoice.VoidedAt);
}

internal sealed record BillingRunRequest(DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd);

internal sealed record BillingRunView(
    Guid RunId, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, int InvoicesCreated, long TotalCents, string Currency, bool AlreadyRun);
