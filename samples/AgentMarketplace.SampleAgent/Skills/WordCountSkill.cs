using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Counts words (whitespace-separated tokens) and characters (UTF-16 code units).</summary>
internal sealed class WordCountSkill : ISkill
{
    private static readonly string[] Properties = ["text"];

    public string Id => "word-count";

    public string Name => "Word count";

    public string Description => "Counts the words (whitespace-separated tokens) and characters (UTF-16 code units) of a text.";

    public IReadOnlyList<string> Tags => ["text", "count", "statistics"];

    public string NaturalLanguageExample => "How many words are in 'The quick brown fox jumps over the lazy dog'?";

    public JsonObject InputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Word count input",
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The text to count." }
          },
          "required": ["text"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public JsonObject OutputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Word count output",
          "type": "object",
          "properties": {
            "words": { "type": "integer", "minimum": 0, "description": "Whitespace-separated tokens." },
            "characters": { "type": "integer", "minimum": 0, "description": "Length of the text in UTF-16 code units." }
          },
          "required": ["words", "characters"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public IReadOnlyList<SkillExample> Examples =>
    [
        new(
            new JsonObject { ["text"] = "The quick brown fox jumps over the lazy dog" },
            new JsonObject { ["words"] = 9, ["characters"] = 43 }),
    ];

    public JsonObject BrokenOutput => new() { ["words"] = "many" };

    public SkillResult Invoke(JsonNode? input) =>
        TextInput.TryRead(input, Properties, out var parsed, out var error)
            ? SkillResult.Success(
                new JsonObject { ["words"] = WordCounter.CountWords(parsed.Text), ["characters"] = parsed.Text.Length },
                parsed.Units)
            : SkillResult.Rejection(error);
}
