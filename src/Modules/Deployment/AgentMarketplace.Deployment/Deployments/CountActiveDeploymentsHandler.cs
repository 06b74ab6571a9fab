using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class CountActiveDeploymentsHandler(DeploymentDbContext db) : IQueryHandler<CountActiveDeployments, IReadOnlyDictionary<string, int>>
{
    public async ValueTask<IReadOnlyDictionary<string, int>> Handle(CountActiveDeployments query, CancellationToken cancellationToken)
    {
        var deployments = db.Deployments.Where(d => d.Status != DeploymentStatus.Stopped);
        if (query.AgentIds is { } agents)
        {
            deployments = deployments.Where(d => agents.Contains(d.AgentId));
        }

        return await deployments.GroupBy(d => d.Environment).ToDictionaryAsync(g => g.Key, g => g.Count(), cancellationToken);
    }
}
