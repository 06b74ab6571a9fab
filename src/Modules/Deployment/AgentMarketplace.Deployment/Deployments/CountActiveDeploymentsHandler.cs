using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class CountActiveDeploymentsHandler(DeploymentDbContext db) : IQueryHandler<CountActiveDeployments, IReadOnlyDictionary<string, int>>
{
    public async ValueTask<IReadOnlyDictionary<string, int>> Handle(CountActiveDeployments query, CancellationToken cancellationToken)
    {
        var deployments = db.Deployments.AsNoTracking().Where(d => d.Status != DeploymentStatus.Stopped);
        if (query.AgentIds is { } agents)
        {
            deployments = deployments.Where(d => agents.Contains(d.AgentId));
        }

        // Projected before ToDictionaryAsync so the grouping runs in SQL: grouping the entities themselves
        // loads every deployment (10,000 rows per admin analytics request in bench/billing).
        return await deployments.GroupBy(d => d.Environment).Select(g => new { Environment = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Environment, g => g.Count, cancellationToken);
    }
}
