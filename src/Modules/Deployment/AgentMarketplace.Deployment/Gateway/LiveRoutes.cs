using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Runtimes;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>A running deployment as the gateway routes to it: whose it is, which agent, which revision is live.</summary>
internal sealed record LiveDeployment(Guid OwnerId, Guid AgentId, int LiveRevision);

/// <summary>A deployment revision made ready to call: its version, endpoint and config, and its capabilities.</summary>
internal sealed record RevisionRoute(string Version, RevisionSpec Spec, IReadOnlyList<RouteCapability> Capabilities)
{
    public RouteCapability? Capability(string? name) => Capabilities.FirstOrDefault(c => c.Name == name);
}

/// <summary>A capability with its input schema parsed once per revision rather than once per call.</summary>
internal sealed record RouteCapability(string Name, CompiledSchema Input);

/// <summary>
/// What the gateway needs on every call, in memory. Revisions made ready to call (capabilities parsed,
/// input schemas compiled, secret config decrypted) never change, so they are kept by deployment and
/// revision number until unused for a while. Which revision is live and whether the deployment still
/// runs do change: they are kept a few seconds, and every update, rollback and stop announces the change
/// to every instance (<see cref="CacheInvalidation"/>), so a stopped deployment is refused at once.
/// </summary>
internal sealed class LiveRoutes
{
    private const string Topic = "deployment.live";

    private readonly CacheInvalidation _invalidation;
    private readonly ShortLivedCache<Guid, LiveDeployment> _deployments;
    private readonly ShortLivedCache<(Guid Deployment, int Revision), RevisionRoute> _revisions;

    public LiveRoutes(CacheInvalidation invalidation, TimeProvider clock)
    {
        _invalidation = invalidation;
        _deployments = new ShortLivedCache<Guid, LiveDeployment>(TimeSpan.FromSeconds(5), clock).ObeyInvalidation(invalidation, Topic, Guid.Parse);
        _revisions = new ShortLivedCache<(Guid Deployment, int Revision), RevisionRoute>(TimeSpan.FromMinutes(10), clock);
    }

    /// <summary>The deployment if it is not stopped.</summary>
    public ValueTask<LiveDeployment?> FindDeploymentAsync(Guid deploymentId, Func<CancellationToken, Task<LiveDeployment?>> load, CancellationToken ct) =>
        _deployments.GetOrLoadAsync(deploymentId, load, ct);

    /// <summary>
    /// The deployment's live revision or status changed: every instance forgets its route, and the change to
    /// what its owner's deployments offer is announced (<see cref="DeploymentTopics.UserDeployments"/>).
    /// </summary>
    public async Task ChangedAsync(DbContext db, Guid deploymentId, Guid ownerId, CancellationToken ct)
    {
        await _invalidation.AnnounceAsync(db, Topic, deploymentId.ToString(), ct);
        await AddedAsync(db, ownerId, ct);
    }

    /// <summary>The owner has a new deployment: what their deployments offer changed (nothing was cached for it yet).</summary>
    public Task AddedAsync(DbContext db, Guid ownerId, CancellationToken ct) =>
        _invalidation.AnnounceAsync(db, DeploymentTopics.UserDeployments, ownerId.ToString(), ct);

    public ValueTask<RevisionRoute?> FindRevisionAsync(Guid deploymentId, int revision, Func<CancellationToken, Task<RevisionRoute?>> load, CancellationToken ct) =>
        _revisions.GetOrLoadAsync((deploymentId, revision), load, ct);
}
