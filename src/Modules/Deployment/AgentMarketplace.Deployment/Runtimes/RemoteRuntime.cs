using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Runtimes;

/// <summary>The agent runs at its publisher's endpoint; the platform checks it and routes calls to it.</summary>
internal sealed class RemoteRuntime(
    [FromKeyedServices(DeploymentModule.AgentHttpClient)] AgentClient agents,
    IOptions<DeploymentOptions> options) : IDeploymentRuntime
{
    public const string RuntimeName = "remote";

    public string Name => RuntimeName;

    public async Task<RuntimeCheck> ProvisionAsync(RevisionSpec revision, CancellationToken ct)
    {
        var health = await ProtocolHealthAsync(revision, ct);
        return health is null or { Healthy: true } ? await ExampleCallAsync(revision, ct) : health;
    }

    /// <summary>The protocol's own check where it has one (`GET /health`, MCP `tools/list`); else (A2A) the example call is the check.</summary>
    public async Task<RuntimeCheck> CheckHealthAsync(RevisionSpec revision, CancellationToken ct) =>
        await ProtocolHealthAsync(revision, ct) ?? await ExampleCallAsync(revision, ct);

    private async Task<RuntimeCheck?> ProtocolHealthAsync(RevisionSpec revision, CancellationToken ct)
    {
        var settings = options.Value;
        var health = await agents.CheckHealthAsync(revision.Protocol, revision.EndpointUrl,
            TimeSpan.FromSeconds(settings.HealthCheckTimeoutSeconds), settings.MaxResponseBytes, ct);
        return health is null ? null : new RuntimeCheck(health.Healthy, health.Error);
    }

    private async Task<RuntimeCheck> ExampleCallAsync(RevisionSpec revision, CancellationToken ct)
    {
        var settings = options.Value;
        if (revision.ExampleCapability is null)
        {
            return new RuntimeCheck(true, null);
        }

        var call = await agents.InvokeAsync(revision.Protocol, revision.EndpointUrl, revision.ExampleCapability, revision.ExampleInput,
            TimeSpan.FromSeconds(settings.HealthCheckTimeoutSeconds), settings.MaxResponseBytes, ct, revision.Config);
        return call.Succeeded
            ? new RuntimeCheck(true, null)
            : new RuntimeCheck(false, $"Example call of '{revision.ExampleCapability}' failed: {call.Error}");
    }

    public Task<AgentCallResult> InvokeAsync(RevisionSpec revision, string capability, JsonNode? input, CancellationToken ct)
    {
        var settings = options.Value;
        return agents.InvokeAsync(revision.Protocol, revision.EndpointUrl, capability, input,
            TimeSpan.FromSeconds(settings.InvokeTimeoutSeconds), settings.MaxResponseBytes, ct, revision.Config,
            circuitKey: revision.DeploymentId.ToString());
    }

    /// <summary>Nothing runs on our side, so there is nothing to stop.</summary>
    public Task StopAsync(RevisionSpec revision, CancellationToken ct) => Task.CompletedTask;
}
