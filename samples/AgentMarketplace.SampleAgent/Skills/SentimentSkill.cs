using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Lexicon-based sentiment with simple negation ("not good" counts as negative).</summary>
internal sealed class SentimentSkill : ISkill
{
    private static readonly string[] Properties = ["text"];

    public string Id => "sentiment";

    public string Name => "Sentiment";

    public string Description =>
        "Labels a text positive, negative or neutral from a small word list, handling simple negation such as \"not good\".";

    public IReadOnlyList<string> Tags => ["text", "sentiment", "classification"];

    public string NaturalLanguageExample => "Is this review positive or negative: 'The battery life is not good.'";

    public JsonObject InputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Sentiment input",
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The text to classify." }
          },
          "required": ["text"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public JsonObject OutputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Sentiment output",
          "type": "object",
          "properties": {
            "label": { "type": "string", "enum": ["positive", "negative", "neutral"] },
            "score": {
              "type": "number",
              "minimum": -1,
              "maximum": 1,
              "description": "(positive - negative) / (positive + negative) lexicon words; 0 when there are none."
            }
          },
          "required": ["label", "score"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public IReadOnlyList<SkillExample> Examples =>
    [
        new(
            new JsonObject { ["text"] = "I love this product: it works great and the support was helpful." },
            new JsonObject { ["label"] = "positive", ["score"] = 1 }),
        new(new JsonObject { ["text"] = "The battery life is not good and the app is slow." }),
    ];

    public JsonObject BrokenOutput => new() { ["label"] = "ecstatic", ["score"] = "very" };

    public SkillResult Invoke(JsonNode? input)
    {
        if (!TextInput.TryRead(input, Properties, out var parsed, out var error))
        {
            return SkillResult.Rejection(error);
        }

        var reading = SentimentAnalyzer.Analyze(parsed.Text);
        return SkillResult.Success(new JsonObject { ["label"] = reading.Label, ["score"] = reading.Score }, parsed.Units);
    }
}
