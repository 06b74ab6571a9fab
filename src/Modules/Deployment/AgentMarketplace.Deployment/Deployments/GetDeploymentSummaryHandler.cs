using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed class GetDeploymentSummaryHandler(DeploymentDbContext db) : IQueryHandler<GetDeploymentSummary, DeploymentSummary?>
{
    public async ValueTask<DeploymentSummary?> Handle(GetDeploymentSummary query, CancellationToken cancellationToken) =>
        (await DeploymentSummaries.LoadAsync(db, [query.DeploymentId], cancellationToken)).FirstOrDefault();
}

internal sealed class GetDeploymentSummariesHandler(DeploymentDbContext db) : IQueryHandler<GetDeploymentSummaries, IReadOnlyList<DeploymentSummary>>
{
    public async ValueTask<IReadOnlyList<DeploymentSummary>> Handle(GetDeploymentSummaries query, CancellationToken cancellationToken) =>
        await DeploymentSummaries.LoadAsync(db, query.DeploymentIds.Distinct().ToList(), cancellationToken);
}

/// <summary>Deployments with what their live revision runs, in one query.</summary>
internal static class DeploymentSummaries
{
    public static async Task<IReadOnlyList<DeploymentSummary>> LoadAsync(DeploymentDbContext db, List<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Deployments.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id, d.AgentId, d.OwnerId, Stopped = d.Status == DeploymentStatus.Stopped,
                Live = d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => new { r.Version, r.Capabilities }).First(),
            })
            .ToListAsync(ct);
        return rows.ConvertAll(d => new DeploymentSummary(d.Id, d.AgentId, d.OwnerId, d.Live.Version, d.Stopped,
            DeploymentManager.Capabilities(d.Live.Capabilities).Select(c => c.Name).ToList()));
    }
}
