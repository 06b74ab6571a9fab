using AgentMarketplace.Deployment.Contracts;
using Mediator;

namespace AgentMarketplace.Deployment.Monitoring;

internal sealed class GetAgentUsageStatisticsHandler(DeploymentMonitor monitor) : IQueryHandler<GetAgentUsageStatistics, AgentUsageStatistics>
{
    public async ValueTask<AgentUsageStatistics> Handle(GetAgentUsageStatistics query, CancellationToken cancellationToken) =>
        await monitor.AgentStatisticsAsync(query.AgentId, query.Since, cancellationToken);
}
