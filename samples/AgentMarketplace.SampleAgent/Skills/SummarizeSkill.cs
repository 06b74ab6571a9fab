using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Extractive summary: the text's most representative sentences, in their original order.</summary>
internal sealed class SummarizeSkill : ISkill
{
    private const int DefaultMaxSentences = 2;
    private const int LargestMaxSentences = 10;
    private static readonly string[] Properties = ["text", "maxSentences"];

    public string Id => "summarize";

    public string Name => "Summarize";

    public string Description =>
        "Extractive summary: keeps the sentences whose non-stopword words recur most across the text, in their original order.";

    public IReadOnlyList<string> Tags => ["text", "summarization"];

    public string NaturalLanguageExample => "Summarize this article in two sentences.";

    public JsonObject InputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Summarize input",
          "type": "object",
          "properties": {
            "text": { "type": "string", "description": "The text to summarize." },
            "maxSentences": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10,
              "default": 2,
              "description": "How many sentences to keep at most."
            }
          },
          "required": ["text"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public JsonObject OutputSchema => JsonNode.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Summarize output",
          "type": "object",
          "properties": {
            "summary": { "type": "string", "description": "The kept sentences, in their original order, joined by spaces." },
            "sentences": { "type": "integer", "minimum": 0, "description": "How many sentences were kept." }
          },
          "required": ["summary", "sentences"],
          "additionalProperties": false
        }
        """)!.AsObject();

    public IReadOnlyList<SkillExample> Examples =>
    [
        new(new JsonObject
        {
            ["text"] = "Solar panels turn sunlight into electricity. The weather was mild last week. "
                + "Cheap solar panels now power many homes. Electricity from solar panels costs less every year.",
            ["maxSentences"] = 2,
        }),
    ];

    public JsonObject BrokenOutput => new() { ["summary"] = 42, ["sentences"] = "all" };

    public SkillResult Invoke(JsonNode? input)
    {
        if (!TextInput.TryRead(input, Properties, out var parsed, out var error))
        {
            return SkillResult.Rejection(error);
        }

        if (!TryReadMaxSentences(parsed.Fields, out var maxSentences))
        {
            return SkillResult.Rejection($"`input.maxSentences` must be an integer from 1 to {LargestMaxSentences}.");
        }

        var summary = ExtractiveSummarizer.Summarize(parsed.Text, maxSentences);
        return SkillResult.Success(new JsonObject { ["summary"] = summary.Text, ["sentences"] = summary.Sentences }, parsed.Units);
    }

    /// <summary>
    /// JSON Schema counts 2.0 as an integer, so a whole-valued number is accepted however it is written. The number is
    /// read through its JSON text because a node built in memory (such as 2 held as an int) will not convert to double.
    /// </summary>
    private static bool TryReadMaxSentences(JsonObject fields, out int maxSentences)
    {
        maxSentences = DefaultMaxSentences;
        if (!fields.TryGetPropertyValue("maxSentences", out var node))
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number) && number is >= 1 and <= LargestMaxSentences)
        {
            maxSentences = (int)number;
            return true;
        }

        return false;
    }
}
