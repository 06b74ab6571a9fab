using System.Collections.Concurrent;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Marketplace.Contracts;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// What one call to an agent may cost, for the spend limit. Before the call, the most it can cost is
/// reserved: units are capped at <see cref="DeploymentOptions.ReservedUnitsPerCall"/> where they are
/// priced, and a subscription's fee is reserved until its month has begun. After the call, it is
/// charged what it brought, never more than was reserved. Unlisted agents are free.
/// </summary>
internal sealed record CallPrice(PricePeriod? Plan)
{
    public static readonly CallPrice Free = new((PricePeriod?)null);

    public bool IsSubscription => Plan?.IsSubscription == true;

    /// <summary>The units a call is charged for: what the agent claims, capped where units are priced.</summary>
    public long ChargedUnits(long claimed, long maxPricedUnits, long maxRecordedUnits) =>
        Math.Min(claimed, Plan?.PricesUnits == true ? maxPricedUnits : maxRecordedUnits);

    public long ReserveCents(long maxPricedUnits, bool feeDue) => Plan?.MaxCostCents(maxPricedUnits, feeDue) ?? 0;

    /// <summary>The call's use of the caller's month, as Users records it.</summary>
    public QuotaUse Use(Guid userId, DateOnly month, Guid agentId, long units, long reservedCents) => Plan is { IsSubscription: true } plan
        ? new QuotaUse(userId, month, 1, 0, reservedCents,
            new SubscriptionUse(agentId, units, plan.MonthlyFeeCents ?? 0, plan.IncludedUnits ?? 0, plan.MaxUnitPriceCents))
        : new QuotaUse(userId, month, 1, Plan?.KnownCostCents(units) ?? 0, reservedCents);
}

/// <summary>An agent's prices over the next minutes: the plan in force at each instant (unlisted: free).</summary>
internal sealed record AgentPrices(IReadOnlyList<PricePeriod> Periods)
{
    public CallPrice At(DateTimeOffset instant) => Periods.LastOrDefault(p => p.EffectiveFrom <= instant) is { } plan
        ? new CallPrice(plan)
        : CallPrice.Free;
}

/// <summary>
/// Each agent's prices, asked of the Marketplace and kept for a minute: prices only change at the start
/// of a billing period, so the hot path need not ask on every call. Kept as a schedule covering twice
/// that long, so a call is priced by the plan in force at the instant it is admitted even when a new
/// plan takes effect while the schedule is kept. Which subscriptions' months have begun (their fee
/// counted) is kept too, once known, so their later calls reserve no fee.
/// </summary>
internal sealed class CallPrices(IOptions<DeploymentOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(1);

    private readonly ShortLivedCache<Guid, AgentPrices> _prices = new(KeptFor, clock);
    private readonly ConcurrentDictionary<(Guid User, Guid Agent, DateOnly Month), bool> _startedSubscriptions = new();

    public long MaxPricedUnits => options.Value.ReservedUnitsPerCall;

    public async ValueTask<AgentPrices> ForAgentAsync(IMediator mediator, Guid agentId, CancellationToken ct) =>
        (await _prices.GetOrLoadAsync(agentId, token => AskMarketplaceAsync(mediator, agentId, token), ct))!;

    /// <summary>Whether a call of <paramref name="userId"/> to a subscribed agent may still bring the month's fee.</summary>
    public async ValueTask<bool> FeeDueAsync(IMediator mediator, CallPrice price, Guid userId, Guid agentId, DateOnly month, CancellationToken ct)
    {
        if (!price.IsSubscription || _startedSubscriptions.ContainsKey((userId, agentId, month)))
        {
            return false;
        }

        if (!await mediator.Send(new IsSubscriptionStarted(userId, agentId, month), ct))
        {
            return true;
        }

        SubscriptionStarted(userId, agentId, month);
        return false;
    }

    public void SubscriptionStarted(Guid userId, Guid agentId, DateOnly month)
    {
        if (_startedSubscriptions.Count > 100_000)
        {
            _startedSubscriptions.Clear(); // only a saving: a forgotten month is asked about again
        }

        _startedSubscriptions[(userId, agentId, month)] = true;
    }

    private async Task<AgentPrices?> AskMarketplaceAsync(IMediator mediator, Guid agentId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var schedules = await mediator.Send(new GetPriceSchedules([agentId], now, now + 2 * KeptFor), ct);
        return new AgentPrices(schedules.FirstOrDefault()?.Prices ?? []);
    }
}
