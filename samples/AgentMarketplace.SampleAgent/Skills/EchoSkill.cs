using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Returns its text unchanged: the smallest possible round trip through an agent.</summary>
internal sealed class EchoSkill : ISkill
{
    private static readonly string[] Properties = ["text"];

    public string Id => "echo";

    public string Name => "Echo";

    public string Description => "Returns the input text unchanged.";

    public IReadOnlyList<string> Tags => ["text", "echo", "diagnostics"];

    public string NaturalLanguageExample => "Echo back: hello, marketplace!";

    public JsonObject InputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Echo input",
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The text to return." }
          },
          "required": ["text"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public JsonObject OutputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Echo output",
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The input text, unchanged." }
          },
          "required": ["text"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public IReadOnlyList<SkillExample> Examples =>
    [
        new(new JsonObject { ["text"] = "Hello, marketplace!" }, new JsonObject { ["text"] = "Hello, marketplace!" }),
    ];

    public JsonObject BrokenOutput => new() { ["text"] = 42 };

    public SkillResult Invoke(JsonNode? input) =>
        TextInput.TryRead(input, Properties, out var parsed, out var error)
            ? SkillResult.Success(new JsonObject { ["text"] = parsed.Text }, parsed.Units)
            : SkillResult.Rejection(error);
}
