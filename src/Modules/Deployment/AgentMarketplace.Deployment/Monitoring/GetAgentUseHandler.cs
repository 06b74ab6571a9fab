using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Monitoring;

internal sealed class GetAgentUseHandler(DeploymentDbContext db) : IQueryHandler<GetAgentUse, AgentUse?>
{
    public async ValueTask<AgentUse?> Handle(GetAgentUse query, CancellationToken cancellationToken)
    {
        var deployments = await db.Deployments.AsNoTracking()
            .Where(d => d.OwnerId == query.UserId && d.AgentId == query.AgentId)
            .Select(d => new { d.Id, Live = d.Revisions.Where(r => r.Number == d.LiveRevision).Select(r => r.Version).First() })
            .ToListAsync(cancellationToken);
        if (deployments.Count == 0)
        {
            return null;
        }

        var ids = deployments.ConvertAll(d => d.Id);
        var latest = await db.Invocations.AsNoTracking()
            .Where(i => ids.Contains(i.DeploymentId) && i.Outcome == InvocationOutcome.Success)
            .OrderByDescending(i => i.OccurredAt)
            .Select(i => new { i.DeploymentId, i.Version, i.OccurredAt })
            .FirstOrDefaultAsync(cancellationToken);
        // Calls recorded before invocations kept their version answer with the deployment's live one.
        return latest is null
            ? null
            : new AgentUse(latest.Version ?? deployments.First(d => d.Id == latest.DeploymentId).Live, latest.OccurredAt);
    }
}
