using AgentMarketplace.AgentProtocol;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Deployment.Runtimes;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>A deployment revision made ready to call: its version, endpoint and config, and its capabilities.</summary>
internal sealed record RevisionRoute(string Version, RevisionSpec Spec, IReadOnlyList<RouteCapability> Capabilities)
{
    public RouteCapability? Capability(string? name) => Capabilities.FirstOrDefault(c => c.Name == name);
}

/// <summary>A capability with its input schema parsed once per revision rather than once per call.</summary>
internal sealed record RouteCapability(string Name, CompiledSchema Input);

/// <summary>
/// Revisions made ready to call (capabilities parsed, input schemas compiled, secret config decrypted),
/// by deployment and revision number. A revision never changes, so nothing here goes stale: which
/// revision is live, and whether the deployment still runs, is read on every call. Entries unused for
/// a while are dropped to bound memory.
/// </summary>
internal sealed class LiveRoutes(TimeProvider clock)
{
    private readonly ShortLivedCache<(Guid Deployment, int Revision), RevisionRoute> _revisions = new(TimeSpan.FromMinutes(10), clock);

    public ValueTask<RevisionRoute?> FindAsync(Guid deploymentId, int revision, Func<CancellationToken, Task<RevisionRoute?>> load, CancellationToken ct) =>
        _revisions.GetOrLoadAsync((deploymentId, revision), load, ct);
}
