using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Registration;

/// <summary>The body a publisher POSTs to the marketplace to register this agent as a version speaking http-json.</summary>
internal sealed record VersionRegistration(
    string Version,
    string EndpointUrl,
    string Protocol,
    string Changelog,
    IReadOnlyList<CapabilityRegistration> Capabilities)
{
    public static VersionRegistration For(string baseUrl, string version) => new(
        version,
        baseUrl,
        "http-json",
        "The sample text agent: echo, word-count, sentiment and summarize.",
        [.. SkillCatalog.All.Select(skill => new CapabilityRegistration(
            skill.Id, skill.Description, skill.InputSchema, skill.OutputSchema, skill.Examples))]);
}

internal sealed record CapabilityRegistration(
    string Name,
    string Description,
    JsonObject InputSchema,
    JsonObject OutputSchema,
    IReadOnlyList<SkillExample> Examples);
