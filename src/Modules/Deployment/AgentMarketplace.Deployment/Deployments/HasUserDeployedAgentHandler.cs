using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class HasUserDeployedAgentHandler(DeploymentDbContext db) : IQueryHandler<HasUserDeployedAgent, bool>
{
    public async ValueTask<bool> Handle(HasUserDeployedAgent query, CancellationToken cancellationToken) =>
        await db.Deployments.AnyAsync(d => d.OwnerId == query.UserId && d.AgentId == query.AgentId, cancellationToken);
}
