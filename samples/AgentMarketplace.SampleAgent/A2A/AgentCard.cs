using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// An A2A Agent Card for both versions the agent speaks: the 1.0 shape (<c>supportedInterfaces</c>, 1.0
/// first, then 0.3, both JSON-RPC at <c>/a2a</c>) with the 0.3 fields (<c>protocolVersion</c>, <c>url</c>,
/// <c>preferredTransport</c>) kept for 0.3 clients, as the public A2A samples write them.
/// </summary>
internal sealed record AgentCard(
    string ProtocolVersion,
    string Name,
    string Description,
    string Url,
    string PreferredTransport,
    string Version,
    AgentProvider Provider,
    AgentCapabilities Capabilities,
    IReadOnlyList<string> DefaultInputModes,
    IReadOnlyList<string> DefaultOutputModes,
    IReadOnlyList<AgentSkill> Skills,
    IReadOnlyList<AgentInterface> SupportedInterfaces)
{
    private static readonly string[] InputModes = ["application/json", "text/plain"];
    private static readonly string[] OutputModes = ["application/json"];

    public static AgentCard For(string baseUrl, string version) => new(
        ProtocolVersion: "0.3.0",
        Name: "Sample Text Agent",
        Description: "A deterministic text agent from the Agent Marketplace samples: echo, word count, sentiment and extractive summary.",
        Url: baseUrl + A2AEndpoint.Path,
        PreferredTransport: "JSONRPC",
        Version: version,
        Provider: new AgentProvider("Agent Marketplace Samples", baseUrl),
        Capabilities: new AgentCapabilities(Streaming: false, PushNotifications: false),
        DefaultInputModes: InputModes,
        DefaultOutputModes: OutputModes,
        Skills: [.. SkillCatalog.All.Select(skill => new AgentSkill(
            skill.Id, skill.Name, skill.Description, skill.Tags, [skill.NaturalLanguageExample], InputModes, OutputModes))],
        SupportedInterfaces:
        [
            new AgentInterface(baseUrl + A2AEndpoint.Path, "JSONRPC", "1.0"),
            new AgentInterface(baseUrl + A2AEndpoint.Path, "JSONRPC", "0.3"),
        ]);
}

internal sealed record AgentProvider(string Organization, string Url);

/// <summary>An A2A 1.0 card's interface: where, over which binding, in which A2A version.</summary>
internal sealed record AgentInterface(string Url, string ProtocolBinding, string ProtocolVersion);

internal sealed record AgentCapabilities(bool Streaming, bool PushNotifications);

internal sealed record AgentSkill(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> InputModes,
    IReadOnlyList<string> OutputModes);
