using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>One of the caller's tools: a capability of one of their live deployments, and how its data travels.</summary>
internal sealed record CallerTool(Tool Definition, Guid DeploymentId, string Capability, bool InputWrapped, bool OutputWrapped);

/// <summary>The caller's tools, in name order, and by name.</summary>
internal sealed class CallerToolSet(IReadOnlyList<CallerTool> tools)
{
    private readonly Dictionary<string, CallerTool> _byName = tools.ToDictionary(t => t.Definition.Name, StringComparer.Ordinal);

    public IReadOnlyList<CallerTool> Tools { get; } = [.. tools.OrderBy(t => t.Definition.Name, StringComparer.Ordinal)];

    public CallerTool? Find(string? name) => name is not null && _byName.TryGetValue(name, out var tool) ? tool : null;
}

/// <summary>
/// Each caller's tools, built from Deployment's live deployments and the Registry's capability definitions, and
/// kept briefly: every create, update, rollback and stop of a deployment is announced to all instances
/// (<see cref="DeploymentTopics.UserDeployments"/>), and the announcement makes its owner's set be built again.
/// Calls go through the gateway, which checks the deployment again, so a set one announcement behind can at
/// worst offer a tool whose call is refused.
/// </summary>
internal sealed class CallerTools
{
    private readonly ShortLivedCache<Guid, CallerToolSet> _sets;

    public CallerTools(CacheInvalidation invalidation, TimeProvider clock)
    {
        _sets = new ShortLivedCache<Guid, CallerToolSet>(TimeSpan.FromSeconds(30), clock)
            .ObeyInvalidation(invalidation, DeploymentTopics.UserDeployments, Guid.Parse);
    }

    public async ValueTask<CallerToolSet> ForAsync(Guid userId, IMediator mediator, CancellationToken ct) =>
        (await _sets.GetOrLoadAsync(userId, token => LoadAsync(userId, mediator, token), ct))!;

    private static async Task<CallerToolSet?> LoadAsync(Guid userId, IMediator mediator, CancellationToken ct)
    {
        var deployments = await mediator.Send(new GetLiveDeployments(userId), ct);
        var definitions = (await mediator.Send(new GetVersionCapabilities(
                deployments.Select(d => new AgentVersionRef(d.AgentId, d.Version)).Distinct().ToList()), ct))
            .ToDictionary(v => (v.AgentId, v.Version));
        var handles = ToolNames.Handles(deployments.Select(d => d.DeploymentId));
        var tools = new List<CallerTool>();
        foreach (var deployment in deployments)
        {
            if (!definitions.TryGetValue((deployment.AgentId, deployment.Version), out var version))
            {
                continue;
            }

            tools.AddRange(version.Capabilities
                .Where(c => deployment.Capabilities.Contains(c.Name, StringComparer.Ordinal))
                .Select(c => Describe(deployment, version.AgentName, handles[deployment.DeploymentId], c)));
        }

        return new CallerToolSet(tools);
    }

    private static CallerTool Describe(LiveDeploymentSummary deployment, string agentName, string handle, CapabilitySpec capability)
    {
        var (input, inputWrapped) = ToolSchemas.Input(capability.InputSchema);
        var (output, outputWrapped) = ToolSchemas.Output(capability.OutputSchema);
        var tool = new Tool
        {
            Name = ToolNames.Name(deployment.AgentSlug, handle, capability.Name),
            Title = $"{agentName}: {capability.Name}",
            Description = $"{capability.Description.TrimEnd()} (Agent \"{agentName}\" ({deployment.AgentSlug}) {deployment.Version}, " +
                $"your {deployment.Environment} deployment {deployment.DeploymentId}; calls are metered and billed to you.)",
            InputSchema = input,
            OutputSchema = output,
        };
        return new CallerTool(tool, deployment.DeploymentId, capability.Name, inputWrapped, outputWrapped);
    }
}
