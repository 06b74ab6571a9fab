using AgentMarketplace.AgentProtocol;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Deployment.Runtimes;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>A running deployment as the gateway routes to it: whose it is, and its live revision made ready to call.</summary>
internal sealed record LiveRoute(Guid OwnerId, Guid AgentId, string Version, RevisionSpec Revision, IReadOnlyList<RouteCapability> Capabilities)
{
    public RouteCapability? Capability(string? name) => Capabilities.FirstOrDefault(c => c.Name == name);
}

/// <summary>A capability with its input schema parsed once per revision rather than once per call.</summary>
internal sealed record RouteCapability(string Name, CompiledSchema Input);

/// <summary>
/// Running deployments' live revisions, kept for <see cref="DeploymentOptions.RouteCacheSeconds"/>:
/// revisions never change, so what is cached is only which revision is live and whether the deployment
/// still runs — forgotten here by every update, rollback and stop.
/// </summary>
internal sealed class LiveRoutes(IOptions<DeploymentOptions> options, TimeProvider clock)
{
    private readonly ShortLivedCache<Guid, LiveRoute> _routes = new(TimeSpan.FromSeconds(options.Value.RouteCacheSeconds), clock);

    public ValueTask<LiveRoute?> FindAsync(Guid deploymentId, Func<CancellationToken, Task<LiveRoute?>> load, CancellationToken ct) =>
        _routes.GetOrLoadAsync(deploymentId, load, ct);

    public void Changed(Guid deploymentId) => _routes.Forget(deploymentId);
}
