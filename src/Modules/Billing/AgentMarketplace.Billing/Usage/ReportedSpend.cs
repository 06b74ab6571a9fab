using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Users.Contracts;
using Mediator;

namespace AgentMarketplace.Billing.Usage;

/// <summary>
/// Usage a publisher reports is held to the same rules as the gateway's calls: only for a live
/// deployment and a capability its version declares, and counted against the consumer's monthly spend
/// limit, priced as the gateway prices a call (per call, per unit at the highest unit price, a
/// subscription's fee and units beyond those included). Users adds the charge to the same transaction
/// as the events, on condition that no consumer passes the limit, so usage past it is never recorded.
/// </summary>
internal sealed class ReportedSpend(BillingDbContext db, IMediator mediator)
{
    /// <summary>Why usage may not be reported for <paramref name="deployment"/>'s <paramref name="capability"/>, or null.</summary>
    public static DomainError? Refuse(DeploymentSummary deployment, string capability)
    {
        if (deployment.Stopped)
        {
            return DomainError.Conflict("The deployment is stopped; usage is accepted for live deployments only.");
        }

        return deployment.Capabilities.Contains(capability)
            ? null
            : DomainError.Invalid("capability",
                $"The deployed version has no capability '{capability}'. It has: {string.Join(", ", deployment.Capabilities)}.");
    }

    /// <summary>
    /// Executes <paramref name="writes"/> in the current transaction with the charges of
    /// <paramref name="events"/> added; a 402 (the caller rolls back) when a consumer would pass its limit.
    /// </summary>
    public async Task<DomainError?> WriteChargedAsync(IReadOnlyList<UsageEvent> events, WriteBatch writes, CancellationToken ct)
    {
        try
        {
            if (events.Count > 0)
            {
                await mediator.Send(new ChargeReportedUsage(await UsesAsync(events, ct), writes), ct);
            }

            await writes.ExecuteAsync(db.Database, ct);
            return null;
        }
        catch (WriteBatchRefusedException refused)
        {
            return new DomainError(ErrorKind.PaymentRequired, refused.Message + " Nothing was recorded.");
        }
        catch (OverflowException)
        {
            return new DomainError(ErrorKind.PaymentRequired, "The usage is priced at more than any spend limit allows. Nothing was recorded.");
        }
    }

    private async Task<List<QuotaUse>> UsesAsync(IReadOnlyList<UsageEvent> events, CancellationToken ct)
    {
        var schedules = (await mediator.Send(new GetPriceSchedules(
                events.Select(e => e.AgentId).Distinct().ToList(), events.Min(e => e.OccurredAt), events.Max(e => e.OccurredAt).AddTicks(1)), ct))
            .ToDictionary(s => s.AgentId);
        return events.Select(e =>
        {
            var month = new DateOnly(e.OccurredAt.Year, e.OccurredAt.Month, 1);
            var plan = schedules.GetValueOrDefault(e.AgentId)?.Prices.LastOrDefault(p => p.EffectiveFrom <= e.OccurredAt);
            return plan is { IsSubscription: true }
                ? new QuotaUse(e.UserId, month, 0, 0, 0,
                    new SubscriptionUse(e.AgentId, e.Units, plan.MonthlyFeeCents ?? 0, plan.IncludedUnits ?? 0, plan.MaxUnitPriceCents))
                : new QuotaUse(e.UserId, month, 0, plan?.KnownCostCents(e.Units) ?? 0, 0);
        }).ToList();
    }
}
