using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class GetLiveDeploymentsHandler(DeploymentDbContext db) : IQueryHandler<GetLiveDeployments, IReadOnlyList<LiveDeploymentSummary>>
{
    public async ValueTask<IReadOnlyList<LiveDeploymentSummary>> Handle(GetLiveDeployments query, CancellationToken cancellationToken)
    {
        var rows = await db.Deployments.AsNoTracking()
            .Where(d => d.OwnerId == query.UserId && d.Status != DeploymentStatus.Stopped)
            .OrderBy(d => d.CreatedAt).ThenBy(d => d.Id)
            .Select(d => new
            {
                d.Id, d.AgentId, d.AgentSlug, d.Environment, d.Status, d.LiveRevision,
                Live = d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => new { r.Version, r.Capabilities }).First(),
            })
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(d => new LiveDeploymentSummary(d.Id, d.AgentId, d.AgentSlug, d.Environment, d.Live.Version, d.LiveRevision,
            d.Status, DeploymentManager.Capabilities(d.Live.Capabilities).Select(c => c.Name).ToList()));
    }
}
