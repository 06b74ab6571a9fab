using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Agents;

internal sealed class CountAgentsHandler(RegistryDbContext db) : IQueryHandler<CountAgents, AgentCounts>
{
    public async ValueTask<AgentCounts> Handle(CountAgents query, CancellationToken cancellationToken)
    {
        var agents = db.Agents.AsNoTracking();
        if (query.OwnerId is { } owner)
        {
            agents = agents.Where(a => a.OwnerId == owner);
        }

        var counts = await agents.GroupBy(_ => 1).Select(g => new AgentCounts(
            g.Count(),
            g.Count(a => a.Versions.Any()),
            g.Count(a => a.Versions.Any(v => v.Status == VersionStatus.Verified)))).FirstOrDefaultAsync(cancellationToken);
        return counts ?? new AgentCounts(0, 0, 0);
    }
}
