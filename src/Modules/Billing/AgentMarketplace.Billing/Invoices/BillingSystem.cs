using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Marketplace.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Invoices;

/// <summary>
/// The Billing module's facade for invoices: billing runs that turn a period's usage into one open
/// invoice per user, set-based in SQL; reading invoices; voiding them. A period is billed exactly
/// once: runs may not overlap (an exclusion constraint) and each user has one invoice per period.
/// </summary>
internal sealed class BillingSystem(
    BillingDbContext db, IMediator mediator, UsagePricing pricing, IOptions<BillingOptions> options, TimeProvider clock,
    BillingMetrics metrics, ILogger<BillingSystem> logger)
{
    public async Task<Result<BillingRunView>> RunAsync(DateTimeOffset periodStart, DateTimeOffset periodEnd, CancellationToken ct)
    {
        var start = periodStart.ToUniversalTime();
        var end = periodEnd.ToUniversalTime();
        var currency = options.Value.Currency;
        var existing = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.PeriodStart == start && r.PeriodEnd == end, ct);
        if (existing is not null)
        {
            return AlreadyRun(existing);
        }

        var agents = await db.Usage.Where(u => u.Billable && u.OccurredAt >= start && u.OccurredAt < end)
            .Select(u => u.AgentId).Distinct().ToListAsync(ct);
        var schedules = agents.Count == 0 ? [] : await mediator.Send(new GetPriceSchedules(agents, start, end), ct);
        var run = new BillingRun { Id = Guid.CreateVersion7(), PeriodStart = start, PeriodEnd = end, CreatedAt = clock.GetUtcNow() };
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            await strategy.ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await BillingLocks.LockForRunAsync(db, ct);
                db.Runs.Add(run);
                await db.SaveChangesAsync(ct);
                await pricing.StagePricesAsync(schedules, start, end, ct);
                (run.InvoicesCreated, run.TotalCents) = await CreateInvoicesAsync(run, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (DbUpdateException e) when (e.IsExclusionOrUniqueViolation())
        {
            // Another run of this period (or an overlapping one) committed first.
            var winner = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.PeriodStart == start && r.PeriodEnd == end, ct);
            return winner is not null
                ? AlreadyRun(winner)
                : DomainError.Conflict("This period overlaps one already billed; bill periods that do not overlap (e.g. calendar months).");
        }

        metrics.RunCompleted(run.InvoicesCreated);
        logger.LogInformation("Billing run {Start:o}–{End:o}: {Count} invoices, {Total} {Currency}", start, end, run.InvoicesCreated, run.TotalCents, currency);
        return new BillingRunView(run.Id, start, end, run.InvoicesCreated, run.TotalCents, currency, AlreadyRun: false);
    }

    /// <summary>The parts of [from, to) no billing run has covered yet, in order.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> UnbilledGapsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var covered = await db.Runs.AsNoTracking()
            .Where(r => r.PeriodStart < to && r.PeriodEnd > from)
            .OrderBy(r => r.PeriodStart)
            .Select(r => new { r.PeriodStart, r.PeriodEnd })
            .ToListAsync(ct);
        var gaps = new List<(DateTimeOffset, DateTimeOffset)>();
        var cursor = from;
        foreach (var run in covered)
        {
            if (run.PeriodStart > cursor)
            {
                gaps.Add((cursor, run.PeriodStart));
            }

            cursor = run.PeriodEnd > cursor ? run.PeriodEnd : cursor;
        }

        if (cursor < to)
        {
            gaps.Add((cursor, to));
        }

        return gaps;
    }

    public async Task<Result<InvoiceView>> GetAsync(Guid userId, Guid invoiceId, CancellationToken ct)
    {
        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == invoiceId && i.UserId == userId, ct);
        return invoice is null ? DomainError.NotFound("Invoice") : InvoiceView.From(invoice);
    }

    public async Task<Page<InvoiceView>> ListAsync(Guid userId, PageRequest page, CancellationToken ct)
    {
        var query = db.Invoices.AsNoTracking().Include(i => i.Lines).Where(i => i.UserId == userId);
        if (page.AfterCreatedAt is { } after && page.AfterId is { } afterId)
        {
            query = query.Where(i => i.IssuedAt < after || (i.IssuedAt == after && i.Id.CompareTo(afterId) < 0));
        }

        var rows = await query.OrderByDescending(i => i.IssuedAt).ThenByDescending(i => i.Id).Take(page.Limit + 1).ToListAsync(ct);
        return page.ToPage(rows.Select(InvoiceView.From).Select(v => new KeysetInvoice(v)).ToList(), k => k.View);
    }

    /// <summary>
    /// An admin voids an open invoice: it can no longer be paid, and the ledger reverses its receivable.
    /// Not while a payment of it is in progress (the invoice's row lock orders a void with a pay
    /// starting), so a charge under way is never left on a void invoice.
    /// </summary>
    public async Task<Result<InvoiceView>> VoidAsync(Guid invoiceId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var strategy = db.Database.CreateExecutionStrategy();
        var paying = false;
        var voided = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BillingLocks.LockInvoiceAsync(db, invoiceId, ct);
            paying = await db.Payments.AnyAsync(p => p.InvoiceId == invoiceId && p.Status == PaymentStatus.Processing, ct);
            if (paying)
            {
                return false;
            }

            var changed = await db.Invoices.Where(i => i.Id == invoiceId && i.Status == InvoiceStatus.Open)
                .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, InvoiceStatus.Void).SetProperty(i => i.VoidedAt, now), ct);
            if (changed == 1)
            {
                await InvoiceStatements.WriteVoidedAsync(db, invoiceId, now, ct);
            }

            await transaction.CommitAsync(ct);
            return changed == 1;
        });

        var invoice = await db.Invoices.AsNoTracking().Include(i => i.Lines).FirstOrDefaultAsync(i => i.Id == invoiceId, ct);
        if (invoice is null)
        {
            return DomainError.NotFound("Invoice");
        }

        if (paying)
        {
            return DomainError.Conflict("A payment of this invoice is in progress; it can be voided once the payment has failed.");
        }

        return voided ? InvoiceView.From(invoice) : DomainError.Conflict($"The invoice is {invoice.Status}; only an open invoice can be voided.");
    }

    private static Result<BillingRunView> AlreadyRun(BillingRun run) =>
        new BillingRunView(run.Id, run.PeriodStart, run.PeriodEnd, 0, run.TotalCents, "", AlreadyRun: true);

    /// <summary>
    /// Prices the period's billable usage per (user, agent, price segment) and writes invoices, their
    /// lines and the ledger's issuing entries — four statements whatever the number of users.
    /// </summary>
    private async Task<(int Invoices, long TotalCents)> CreateInvoicesAsync(BillingRun run, CancellationToken ct)
    {
        await pricing.StageLinesAsync(run.PeriodStart, run.PeriodEnd, userId: null, ct);
        await InvoiceStatements.IssueFromStagedLinesAsync(db, run, options.Value.Currency, ct);

        var totals = await db.Invoices.Where(i => i.RunId == run.Id)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Total = g.Sum(i => i.TotalCents) }).SingleOrDefaultAsync(ct);
        return (totals?.Count ?? 0, totals?.Total ?? 0);
    }

    /// <summary>Invoices page by issue time, newest first.</summary>
    private sealed record KeysetInvoice(InvoiceView View) : IKeysetRow
    {
        public Guid Id => View.Id;
        public DateTimeOffset CreatedAt => View.IssuedAt;
    }
}
