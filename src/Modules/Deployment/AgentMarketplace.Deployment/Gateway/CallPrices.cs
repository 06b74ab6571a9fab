using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Marketplace.Contracts;
using Mediator;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// What one call may cost, for the spend limit: reserved before the agent is called, settled after.
/// per_call reserves and costs its price; per_unit reserves <see cref="DeploymentOptions.ReservedUnitsPerCall"/>
/// units at its highest unit price and costs the reported units at that price (an upper bound, so
/// graduated tiers can only make the real bill lower). Free and subscription calls cost nothing
/// per call: a subscription's fee is fixed and known in advance.
/// </summary>
internal sealed record CallPrice(long ReserveCents, long UnitPriceCents, bool PerUnit)
{
    public static readonly CallPrice Free = new(0, 0, false);

    public long Cost(long units) => PerUnit ? checked(units * UnitPriceCents) : ReserveCents;
}

/// <summary>
/// Each agent's call price, asked of the Marketplace and kept for a minute: prices only change at the
/// start of a billing period, so the hot path need not ask on every call.
/// </summary>
internal sealed class CallPrices(IOptions<DeploymentOptions> options, TimeProvider clock)
{
    private readonly ShortLivedCache<Guid, CallPrice> _prices = new(TimeSpan.FromMinutes(1), clock);

    public async ValueTask<CallPrice> ForAgentAsync(IMediator mediator, Guid agentId, CancellationToken ct) =>
        (await _prices.GetOrLoadAsync(agentId, token => AskMarketplaceAsync(mediator, agentId, token), ct))!;

    private async Task<CallPrice?> AskMarketplaceAsync(IMediator mediator, Guid agentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var schedules = await mediator.Send(new GetPriceSchedules([agentId], now, now.AddTicks(1)), ct);
        var plan = schedules.FirstOrDefault()?.Prices.LastOrDefault(p => p.EffectiveFrom <= now);
        return plan?.Model switch
        {
            "per_call" => new CallPrice(plan.UnitPriceCents ?? 0, plan.UnitPriceCents ?? 0, false),
            "per_unit" => PerUnit(plan.UnitPriceCents ?? plan.Tiers?.Max(t => t.UnitPriceCents) ?? 0),
            _ => CallPrice.Free,
        };
    }

    private CallPrice PerUnit(long unitPriceCents) => new(unitPriceCents * options.Value.ReservedUnitsPerCall, unitPriceCents, true);
}
