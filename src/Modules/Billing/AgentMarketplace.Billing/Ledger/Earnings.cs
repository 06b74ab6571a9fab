using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Ledger;

internal sealed record AgentEarnings(Guid AgentId, long GrossCents, long PlatformFeeCents, long NetCents);

internal sealed record EarningsView(long GrossCents, long PlatformFeeCents, long NetCents, string Currency, IReadOnlyList<AgentEarnings> ByAgent);

/// <summary>Publishers' earnings, read from the ledger's settlement entries (nothing is stored twice).</summary>
internal sealed class Earnings(BillingDbContext db, IOptions<BillingOptions> options) : IQueryHandler<GetAgentRevenue, AgentRevenue>
{
    public async Task<EarningsView> ForPublisherAsync(Guid publisherId, CancellationToken ct)
    {
        var payable = LedgerAccounts.Payable(publisherId);
        var agents = db.Ledger.Where(e => e.Account == payable && e.Kind == LedgerAccounts.InvoicePaid).Select(e => e.AgentId);
        var byAgent = await db.Ledger
            .Where(e => e.Kind == LedgerAccounts.InvoicePaid && agents.Contains(e.AgentId)
                        && (e.Account == payable || e.Account == LedgerAccounts.PlatformRevenue))
            .GroupBy(e => e.AgentId!.Value)
            .Select(g => new
            {
                AgentId = g.Key,
                Net = -g.Where(e => e.Account == payable).Sum(e => e.AmountCents),
                Fee = -g.Where(e => e.Account == LedgerAccounts.PlatformRevenue).Sum(e => e.AmountCents),
            })
            .ToListAsync(ct);
        var lines = byAgent.OrderBy(a => a.AgentId).Select(a => new AgentEarnings(a.AgentId, a.Net + a.Fee, a.Fee, a.Net)).ToList();
        return new EarningsView(lines.Sum(l => l.GrossCents), lines.Sum(l => l.PlatformFeeCents), lines.Sum(l => l.NetCents),
            options.Value.Currency, lines);
    }

    public async ValueTask<AgentRevenue> Handle(GetAgentRevenue query, CancellationToken cancellationToken)
    {
        var entries = await db.Ledger
            .Where(e => e.Kind == LedgerAccounts.InvoicePaid && e.AgentId == query.AgentId)
            .GroupBy(e => e.Account == LedgerAccounts.PlatformRevenue)
            .Select(g => new { IsFee = g.Key, Amount = -g.Sum(e => e.AmountCents) })
            .ToListAsync(cancellationToken);
        var fee = entries.Where(e => e.IsFee).Sum(e => e.Amount);
        var net = entries.Where(e => !e.IsFee).Sum(e => e.Amount);
        return new AgentRevenue(fee + net, fee, net, options.Value.Currency);
    }
}
