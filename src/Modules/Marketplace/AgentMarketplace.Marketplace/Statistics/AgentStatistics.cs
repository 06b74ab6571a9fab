using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Marketplace.Reviews;
using AgentMarketplace.Registry.Contracts;
using Mediator;

namespace AgentMarketplace.Marketplace.Statistics;

/// <summary>
/// An agent's public figures. Ratings are exact aggregates; usage (invocations, error rate, exact p95)
/// covers the last <see cref="WindowDays"/> days across all its deployments, as Deployment reports it;
/// revenue (all time, from Billing's ledger) and the calls whose agent claimed more units than it was
/// paid for (<see cref="CappedClaims"/>, in the window) only for the agent's owner or an admin.
/// </summary>
internal sealed record AgentStatisticsView(
    Guid AgentId, double? RatingAverage, int RatingCount, IReadOnlyDictionary<string, int> RatingDistribution,
    int ActiveDeployments, long Invocations, long Errors, double ErrorRate, double P95LatencyMs, int WindowDays, AgentRevenue? Revenue,
    long? CappedClaims);

internal sealed class AgentStatistics(IMediator mediator, ReviewBook reviews, TimeProvider clock)
{
    public const int WindowDays = 30;

    public async Task<Result<AgentStatisticsView>> GetAsync(Actor? viewer, Guid agentId, CancellationToken ct)
    {
        var agent = await mediator.Send(new GetAgentSummary(agentId), ct);
        if (agent is null || (!agent.HasVerifiedVersion && viewer?.MayManage(agent.OwnerId) != true))
        {
            return DomainError.NotFound("Agent");
        }

        var rating = await reviews.AggregatesAsync(agentId, ct);
        var usage = await mediator.Send(new GetAgentUsageStatistics(agentId, clock.GetUtcNow().AddDays(-WindowDays)), ct);
        var distribution = new Dictionary<string, int>
        {
            ["1"] = rating.Stars1, ["2"] = rating.Stars2, ["3"] = rating.Stars3, ["4"] = rating.Stars4, ["5"] = rating.Stars5,
        };
        var owner = viewer?.MayManage(agent.OwnerId) == true;
        return new AgentStatisticsView(
            agentId, rating.Count == 0 ? null : Math.Round((double)rating.Sum / rating.Count, 2), rating.Count, distribution,
            usage.ActiveDeployments, usage.Invocations, usage.Errors, usage.ErrorRate, usage.P95LatencyMs, WindowDays,
            owner ? await mediator.Send(new GetAgentRevenue(agentId), ct) : null, owner ? usage.CappedClaims : null);
    }
}
