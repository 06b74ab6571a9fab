using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// One call of one capability, with the limits every protocol honours: the answer must come within
/// <see cref="Timeout"/> and be at most <see cref="MaxResponseBytes"/> long.
/// </summary>
internal sealed record AgentCall(
    string EndpointUrl, string Capability, JsonNode? Input, JsonObject? Config,
    TimeSpan Timeout, long MaxResponseBytes, string? CircuitKey);

/// <summary>Whether an agent is ready, by its protocol's own check.</summary>
public sealed record AgentHealth(bool Healthy, string? Error);

/// <summary>
/// One wire protocol. Adapters never throw for anything the agent does: every outcome is a result.
/// All of them send through the same SSRF-guarded HttpClient (<see cref="AgentHttpClients"/>).
/// </summary>
internal interface IAgentProtocolAdapter
{
    Task<AgentCallResult> InvokeAsync(AgentCall call, CancellationToken ct);

    /// <summary>The protocol's own readiness check, or null when it has none and an example call has to do.</summary>
    Task<AgentHealth?> CheckHealthAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct);
}
