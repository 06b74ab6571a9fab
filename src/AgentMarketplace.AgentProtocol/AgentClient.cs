using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// Calls one capability of an agent over its protocol binding (<see cref="AgentProtocols.Binding"/>), with a
/// timeout and a cap on how much of the answer is read. One adapter per binding does the wire work; all of
/// them send through the HttpClient pipeline <see cref="AgentHttpClients.AddAgentHttpClient"/> builds (SSRF
/// guard, optional circuit breaker). Never throws for anything the agent does: every outcome is a result.
/// </summary>
public sealed class AgentClient
{
    private readonly HttpJsonAdapter _httpJson;
    private readonly A2AV03Adapter _a2a03;
    private readonly A2AV10Adapter _a2a10;
    private readonly McpAdapter _mcp;
    private readonly A2ACardReader _cards;

    internal AgentClient(HttpClient http, McpSessions mcpSessions)
    {
        _httpJson = new HttpJsonAdapter(http);
        _a2a03 = new A2AV03Adapter(http);
        _a2a10 = new A2AV10Adapter(http);
        _mcp = new McpAdapter(mcpSessions);
        _cards = new A2ACardReader(http);
    }

    // A deployment's config travels with the call: `config` in the http-json body, `metadata.config` in A2A, `_meta` in MCP.
    public Task<AgentCallResult> InvokeAsync(
        string binding, string endpointUrl, string capability, JsonNode? input,
        TimeSpan timeout, long maxResponseBytes, CancellationToken ct,
        IReadOnlyDictionary<string, string>? config = null, string? circuitKey = null) =>
        Adapter(binding).InvokeAsync(new AgentCall(endpointUrl, capability, input, ConfigObject(config), timeout, maxResponseBytes, circuitKey), ct);

    /// <summary>
    /// The binding's own readiness check (`GET /health` for http-json, `tools/list` for MCP), or null for A2A,
    /// which has none: there an example call is the check.
    /// </summary>
    public Task<AgentHealth?> CheckHealthAsync(string binding, string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct) =>
        Adapter(binding).CheckHealthAsync(endpointUrl, timeout, maxResponseBytes, ct);

    /// <summary>An MCP server's tools (`tools/list`), for registering it.</summary>
    public Task<McpToolListing> ListMcpToolsAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct) =>
        _mcp.ListToolsAsync(endpointUrl, timeout, maxResponseBytes, ct);

    /// <summary>The skill ids on an A2A agent's card at its origin's `/.well-known/agent-card.json`, for noticing drift.</summary>
    public Task<A2ACardSkills> ReadA2ACardSkillsAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct) =>
        _cards.ReadSkillsAsync(endpointUrl, timeout, maxResponseBytes, ct);

    private IAgentProtocolAdapter Adapter(string binding) => binding switch
    {
        AgentProtocols.HttpJson => _httpJson,
        AgentProtocols.A2A => _a2a03,
        AgentProtocols.A2AV10Binding => _a2a10,
        AgentProtocols.Mcp => _mcp,
        _ => throw new ArgumentOutOfRangeException(nameof(binding), binding, "No adapter speaks this protocol binding."),
    };

    private static JsonObject? ConfigObject(IReadOnlyDictionary<string, string>? config) =>
        config is { Count: > 0 } ? new JsonObject(config.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))) : null;
}
