using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Versions;

internal sealed class CheckDeployedVersionsHandler(RegistryDbContext db, CompatibilityCache compatibility)
    : IQueryHandler<CheckDeployedVersions, IReadOnlyList<DeployedVersionState>>
{
    public async ValueTask<IReadOnlyList<DeployedVersionState>> Handle(CheckDeployedVersions query, CancellationToken cancellationToken)
    {
        var agentIds = query.Versions.Select(v => v.AgentId).Distinct().ToList();
        var versions = (await db.Versions.AsNoTracking().Where(v => agentIds.Contains(v.AgentId)).ToListAsync(cancellationToken))
            .ToLookup(v => v.AgentId);
        var answers = new List<DeployedVersionState>();
        foreach (var deployed in query.Versions.Distinct())
        {
            var ofAgent = versions[deployed.AgentId].ToList();
            var version = SemanticVersion.TryParse(deployed.Version, out _)
                ? ofAgent.FirstOrDefault(v => SemanticVersion.Compare(v.Version, deployed.Version) == 0)
                : null;
            if (version is null)
            {
                continue;
            }

            var latest = AgentRegistry.LatestVersion(ofAgent);
            var latestVersion = ofAgent.FirstOrDefault(v => v.Version == latest);
            var newer = latestVersion is not null && SemanticVersion.Compare(latestVersion.Version, version.Version) > 0;
            answers.Add(new DeployedVersionState(
                version.AgentId, version.Version, version.Status, version.Drifted, version.DriftReason, latest,
                newer && compatibility.Breaks(version, latestVersion!), CompatibleUpdate(version, ofAgent)?.Version));
        }

        return answers;
    }

    /// <summary>The highest deployable version after <paramref name="from"/> on its line that breaks nothing of it.</summary>
    private AgentVersion? CompatibleUpdate(AgentVersion from, List<AgentVersion> versions)
    {
        var line = SemanticVersion.Line(from.Version);
        return versions
            .Where(v => v.Status == VersionStatus.Verified && !v.IsDeprecated && !v.IsPreRelease
                        && SemanticVersion.Line(v.Version) == line && SemanticVersion.Compare(v.Version, from.Version) > 0)
            .OrderByDescending(v => v.Version, SemanticVersion.Precedence)
            .FirstOrDefault(v => !compatibility.Breaks(from, v));
    }
}

/// <summary>
/// Whether one version breaks callers of another, remembered: versions never change, so neither does the
/// answer. Bounded; when full it starts over.
/// </summary>
internal sealed class CompatibilityCache
{
    private const int MaxEntries = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid From, Guid To), bool> _breaks = new();

    public bool Breaks(AgentVersion from, AgentVersion to)
    {
        if (_breaks.TryGetValue((from.Id, to.Id), out var known))
        {
            return known;
        }

        if (_breaks.Count >= MaxEntries)
        {
            _breaks.Clear();
        }

        var breaks = CapabilityChanges.AnyBreaking(CapabilityDefinition.Deserialize(from.Capabilities), CapabilityDefinition.Deserialize(to.Capabilities));
        _breaks[(from.Id, to.Id)] = breaks;
        return breaks;
    }
}
