using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Mcp;
using AgentMarketplace.Registry.Persistence;
using AgentMarketplace.Registry.Versions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Catalog;

/// <summary>
/// The public catalogue for readers outside the module (the MCP Registry API): agents with a verified version,
/// as every anonymous reader of `GET /api/v1/agents/{idOrSlug}` sees them, one entry per verified version.
/// </summary>
internal sealed class PublicVersionsHandlers(RegistryDbContext db) :
    IQueryHandler<ListPublicAgentVersions, PublicAgentVersionPage>,
    IQueryHandler<GetPublicAgentVersions, IReadOnlyList<PublicAgentVersion>>
{
    public async ValueTask<PublicAgentVersionPage> Handle(ListPublicAgentVersions query, CancellationToken cancellationToken)
    {
        var agents = PublicAgents();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + EscapeLike(query.Search.Trim()) + "%";
            agents = agents.Where(a => EF.Functions.ILike(a.Name, pattern, "\\") || EF.Functions.ILike(a.Slug, pattern, "\\")
                || EF.Functions.ILike(a.Description, pattern, "\\"));
        }

        if (query.UpdatedSince is { } since)
        {
            since = since.ToUniversalTime();
            agents = agents.Where(a => a.UpdatedAt >= since
                || a.Versions.Any(v => v.CreatedAt >= since || v.VerifiedAt >= since || v.DeprecatedAt >= since));
        }

        if (query.Version is { } number)
        {
            agents = agents.Where(a => a.Versions.Any(v => v.Status == VersionStatus.Verified && v.Version == number));
        }

        if (query.After is { } after)
        {
            agents = agents.Where(a => a.Id.CompareTo(after.AgentId) >= 0);
        }

        // The agent a page ended in may have nothing left; every other agent gives at least one entry, so
        // two agents beyond the limit tell whether there is a next page.
        var page = await agents.OrderBy(a => a.Id).Take(query.Limit + 2).Include(a => a.Versions).AsNoTracking().ToListAsync(cancellationToken);
        var holders = await HoldersAsync(page, cancellationToken);
        var entries = page
            .SelectMany(agent => Entries(agent, holders, query.LatestOnly).Where(e => query.Version is null || e.Version == query.Version).OrderBy(e => e.VersionId))
            .Where(e => query.After is not { } position || e.AgentId != position.AgentId || e.VersionId.CompareTo(position.VersionId) > 0)
            .Take(query.Limit + 1)
            .ToList();
        PublicVersionPosition? next = null;
        if (entries.Count > query.Limit)
        {
            var last = entries[query.Limit - 1];
            next = new PublicVersionPosition(last.AgentId, last.VersionId);
        }

        return new PublicAgentVersionPage(entries.Take(query.Limit).ToList(), next);
    }

    public async ValueTask<IReadOnlyList<PublicAgentVersion>> Handle(GetPublicAgentVersions query, CancellationToken cancellationToken)
    {
        var agents = PublicAgents();
        if (query.Slug is { } slug)
        {
            agents = agents.Where(a => a.Slug == slug.ToLowerInvariant());
        }
        else if (query.ImportedName is { } name
            && (await ImportedServerNames.HoldersAsync(db, [name], cancellationToken)).TryGetValue(name, out var holder))
        {
            agents = agents.Where(a => a.Id == holder);
        }
        else
        {
            return [];
        }

        var agent = await agents.Include(a => a.Versions).AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (agent is null)
        {
            return [];
        }

        var holders = await HoldersAsync([agent], cancellationToken);
        return Entries(agent, holders, latestOnly: false).OrderByDescending(e => e.PublishedAt).ThenByDescending(e => e.VersionId).ToList();
    }

    private IQueryable<Agent> PublicAgents() => db.Agents.Where(a => a.Versions.Any(v => v.Status == VersionStatus.Verified));

    private Task<IReadOnlyDictionary<string, Guid>> HoldersAsync(IEnumerable<Agent> agents, CancellationToken ct) =>
        ImportedServerNames.HoldersAsync(db,
            agents.Select(AgentSummary.McpServerOf).OfType<McpServerInfo>().Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList(), ct);

    private static IEnumerable<PublicAgentVersion> Entries(Agent agent, IReadOnlyDictionary<string, Guid> holders, bool latestOnly)
    {
        var verified = agent.Versions.Where(v => v.Status == VersionStatus.Verified).ToList();
        var latest = AgentRegistry.LatestVersion(agent.Versions) ?? SemanticVersion.Highest(verified.Select(v => v.Version));
        var updatedAt = agent.Versions
            .SelectMany(v => new[] { v.CreatedAt, v.VerifiedAt ?? v.CreatedAt, v.DeprecatedAt ?? v.CreatedAt })
            .Append(agent.UpdatedAt)
            .Max();
        var imported = AgentSummary.McpServerOf(agent) is { } server
            ? new ImportedMcpServer(server.Name, holders.TryGetValue(server.Name, out var holder) && holder == agent.Id, server.Title,
                server.WebsiteUrl, server.Repository is { } r ? new McpServerRepository(r.Url, r.Source, r.Subfolder, r.Id) : null)
            : null;
        return verified
            .Where(v => !latestOnly || v.Version == latest)
            .Select(v => new PublicAgentVersion(
                agent.Id, agent.Slug, agent.Name, agent.Description, imported,
                v.Id, v.Version, v.Protocol, v.Version == latest, v.IsDeprecated, v.DeprecationReason,
                v.VerifiedAt, v.CreatedAt, updatedAt));
    }

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
