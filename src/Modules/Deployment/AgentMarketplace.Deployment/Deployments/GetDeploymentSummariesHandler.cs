using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class GetDeploymentSummariesHandler(DeploymentDbContext db) : IQueryHandler<GetDeploymentSummaries, IReadOnlyList<DeploymentSummary>>
{
    public async ValueTask<IReadOnlyList<DeploymentSummary>> Handle(GetDeploymentSummaries query, CancellationToken cancellationToken)
    {
        var ids = query.DeploymentIds.Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.Deployments.AsNoTracking()
                .Where(d => ids.Contains(d.Id))
                .Select(d => new DeploymentSummary(d.Id, d.AgentId, d.OwnerId,
                    d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => r.Version).First(), d.Status == DeploymentStatus.Stopped))
                .ToListAsync(cancellationToken);
    }
}
