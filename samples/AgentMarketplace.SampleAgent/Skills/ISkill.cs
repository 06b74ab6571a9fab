using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>
/// One capability, offered on every protocol and described well enough to publish. JSON members
/// return fresh nodes on every read, because a node can belong to only one document.
/// </summary>
internal interface ISkill
{
    /// <summary>The capability name on http-json, the skill id on A2A, the tool name on MCP.</summary>
    string Id { get; }

    string Name { get; }

    string Description { get; }

    IReadOnlyList<string> Tags { get; }

    /// <summary>How a person would ask for this skill; A2A cards list such phrases.</summary>
    string NaturalLanguageExample { get; }

    JsonObject InputSchema { get; }

    JsonObject OutputSchema { get; }

    IReadOnlyList<SkillExample> Examples { get; }

    /// <summary>An output that breaks <see cref="OutputSchema"/>, served while the capability is switched broken.</summary>
    JsonObject BrokenOutput { get; }

    SkillResult Invoke(JsonNode? input);
}
