using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Agents;

internal sealed class GetAgentSummaryHandler(RegistryDbContext db) : IQueryHandler<GetAgentSummary, AgentSummaryAnswer?>
{
    public async ValueTask<AgentSummaryAnswer?> Handle(GetAgentSummary query, CancellationToken cancellationToken) =>
        await db.Agents.AsNoTracking()
            .Where(a => a.Id == query.AgentId)
            .Select(a => new AgentSummaryAnswer(a.Id, a.OwnerId, a.Slug, a.Name, a.Versions.Any(v => v.Status == VersionStatus.Verified)))
            .FirstOrDefaultAsync(cancellationToken);
}
