using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class GetDeploymentSummaryHandler(DeploymentDbContext db) : IQueryHandler<GetDeploymentSummary, DeploymentSummary?>
{
    public async ValueTask<DeploymentSummary?> Handle(GetDeploymentSummary query, CancellationToken cancellationToken) =>
        await db.Deployments.AsNoTracking()
            .Where(d => d.Id == query.DeploymentId)
            .Select(d => new DeploymentSummary(d.Id, d.AgentId, d.OwnerId,
                d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => r.Version).First(), d.Status == DeploymentStatus.Stopped))
            .FirstOrDefaultAsync(cancellationToken);
}
