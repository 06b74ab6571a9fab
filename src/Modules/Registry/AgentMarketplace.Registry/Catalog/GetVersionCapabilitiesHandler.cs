using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Catalog;

internal sealed class GetVersionCapabilitiesHandler(RegistryDbContext db) : IQueryHandler<GetVersionCapabilities, IReadOnlyList<VersionCapabilities>>
{
    public async ValueTask<IReadOnlyList<VersionCapabilities>> Handle(GetVersionCapabilities query, CancellationToken cancellationToken)
    {
        if (query.Versions.Count == 0)
        {
            return [];
        }

        var agentIds = query.Versions.Select(v => v.AgentId).Distinct().ToList();
        var numbers = query.Versions.Select(v => v.Version).Distinct().ToList();
        var wanted = query.Versions.ToHashSet();
        var versions = await db.Versions.AsNoTracking()
            .Where(v => agentIds.Contains(v.AgentId) && numbers.Contains(v.Version))
            .Select(v => new { v.AgentId, v.Version, v.Capabilities })
            .ToListAsync(cancellationToken);
        var names = await db.Agents.AsNoTracking().Where(a => agentIds.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        return versions
            .Where(v => wanted.Contains(new AgentVersionRef(v.AgentId, v.Version)))
            .Select(v => new VersionCapabilities(v.AgentId, v.Version, names.GetValueOrDefault(v.AgentId, ""),
                CapabilityDefinition.Deserialize(v.Capabilities)
                    .Select(c => new CapabilitySpec(c.Name, c.Description, c.InputSchema.ToJsonString(), c.OutputSchema.ToJsonString()))
                    .ToList()))
            .ToList();
    }
}
