using AgentMarketplace.Registry.Agents;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Registry.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Versions;

internal sealed class GetDeployableVersionHandler(RegistryDbContext db) : IQueryHandler<GetDeployableVersion, DeployableVersionAnswer>
{
    public async ValueTask<DeployableVersionAnswer> Handle(GetDeployableVersion query, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.AsNoTracking().Include(a => a.Versions)
            .FirstOrDefaultAsync(a => a.Id == query.AgentId, cancellationToken);
        var isOwner = agent?.OwnerId == query.RequesterId;
        if (agent is null || (!isOwner && !agent.Versions.Any(v => v.IsPublic)))
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.AgentNotFound, "Agent was not found.");
        }

        var latest = AgentRegistry.LatestVersion(agent.Versions);
        var wanted = query.Version ?? latest;
        if (wanted is null)
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.NoDeployableVersion,
                AgentRegistry.LatestPublicVersion(agent.Versions) is { } failing
                    ? Failing(agent.Versions.First(v => v.Version == failing))
                    : "The agent has no verified, non-deprecated release to deploy.");
        }

        var version = agent.Versions.FirstOrDefault(v => SemanticVersion.TryParse(wanted, out _) && SemanticVersion.Compare(v.Version, wanted) == 0);
        // Another publisher's unverified versions are private: not found, not "unverified".
        if (version is null || (!isOwner && !version.IsPublic))
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.VersionNotFound, $"Version {wanted} was not found.");
        }

        if (version.IsDeprecated)
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.Deprecated,
                $"Version {version.Version} is deprecated ({version.DeprecationReason}); it cannot be newly deployed.");
        }

        if (version.Status == VersionStatus.Failing)
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.NotVerified, Failing(version));
        }

        if (version.Status != VersionStatus.Verified)
        {
            return DeployableVersionAnswer.Refused(DeployRefusal.NotVerified,
                $"Version {version.Version} is {version.Status}, not verified; only verified versions can be deployed.");
        }

        var capabilities = CapabilityDefinition.Deserialize(version.Capabilities)
            .Select(c => new DeployableCapability(c.Name, c.InputSchema.ToJsonString(), c.Examples.FirstOrDefault()?.Input?.ToJsonString()))
            .ToList();
        return new DeployableVersionAnswer(
            new DeployableVersion(agent.Id, agent.Slug, version.Version, version.EndpointUrl, version.Binding, capabilities, latest),
            null, null);
    }

    private static string Failing(AgentVersion version) =>
        $"Version {version.Version} is failing its verification{(version.DriftReason is null ? "" : $" ({version.DriftReason})")}; "
        + "it cannot be newly deployed until a verification passes again.";
}
