using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Agents;

internal sealed class GetAgentSummaryHandler(RegistryDbContext db) : IQueryHandler<GetAgentSummary, AgentSummaryAnswer?>
{
    public async ValueTask<AgentSummaryAnswer?> Handle(GetAgentSummary query, CancellationToken cancellationToken) =>
        await AgentSummaries.LoadAsync(db, query.AgentId, cancellationToken);
}

internal static class AgentSummaries
{
    public static async Task<AgentSummaryAnswer?> LoadAsync(RegistryDbContext db, Guid agentId, CancellationToken ct)
    {
        var agent = await db.Agents.AsNoTracking().Include(a => a.Versions).FirstOrDefaultAsync(a => a.Id == agentId, ct);
        if (agent is null)
        {
            return null;
        }

        var latest = AgentRegistry.LatestVersion(agent.Versions);
        var capabilities = agent.Versions.FirstOrDefault(v => v.Version == latest) is { } version
            ? CapabilityDefinition.Deserialize(version.Capabilities).Select(c => c.Name).ToList()
            : [];
        return new AgentSummaryAnswer(
            agent.Id, agent.OwnerId, agent.Slug, agent.Name, agent.Description, agent.Categories, agent.Tags,
            agent.Versions.Any(v => v.Status == VersionStatus.Verified), latest, capabilities);
    }
}
