using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>An A2A Agent Card (protocol 0.3.0), shaped as the public A2A samples write them.</summary>
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
    IReadOnlyList<AgentSkill> Skills)
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
            skill.Id, skill.Name, skill.Description, skill.Tags, [skill.NaturalLanguageExample], InputModes, OutputModes))]);
}

internal sealed record AgentProvider(string Organization, string Url);

internal sealed record AgentCapabilities(bool Streaming, bool PushNotifications);

internal sealed record AgentSkill(
    string Id,
    string Name,
    string Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Examples,
    IReadOnlyList<string> InputModes,
    IReadOnlyList<string> OutputModes);
