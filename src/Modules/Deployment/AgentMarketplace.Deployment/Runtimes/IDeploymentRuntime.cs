using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Deployment.Runtimes;

/// <summary>What a runtime needs to know about one revision; <c>Protocol</c> is the binding to speak (<see cref="AgentProtocols.Binding"/>).</summary>
internal sealed record RevisionSpec(
    Guid DeploymentId, int Revision, string EndpointUrl, string Protocol,
    IReadOnlyDictionary<string, string> Config, string? ExampleCapability, JsonNode? ExampleInput);

internal sealed record RuntimeCheck(bool Healthy, string? Error);

/// <summary>
/// Where a revision runs. `remote` routes to the publisher's own endpoint; a `kubernetes` runtime
/// would create a Deployment and Service per revision in ProvisionAsync, invoke through the Service,
/// and delete them in StopAsync — nothing else in the module would change.
/// </summary>
internal interface IDeploymentRuntime
{
    string Name { get; }

    /// <summary>Makes the revision runnable and proves it answers (health, then one example call).</summary>
    Task<RuntimeCheck> ProvisionAsync(RevisionSpec revision, CancellationToken ct);

    /// <summary>Is the running revision still well? Cheap enough to ask every few seconds.</summary>
    Task<RuntimeCheck> CheckHealthAsync(RevisionSpec revision, CancellationToken ct);

    Task<AgentCallResult> InvokeAsync(RevisionSpec revision, string capability, JsonNode? input, CancellationToken ct);

    Task StopAsync(RevisionSpec revision, CancellationToken ct);
}
