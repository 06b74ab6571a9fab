using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Json.More;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// `uniqueItems`, as the library's keyword, but in time linear in the array: each item becomes a
/// canonical text (object members sorted, numbers by value, so 1 and 1.0 are the same item) and the
/// texts go into a hash set, whose string hashing is randomized per process, so no input can make
/// items collide on purpose.
/// </summary>
[SchemaKeyword(Name)]
[SchemaSpecVersion(SpecVersion.Draft6 | SpecVersion.Draft7 | SpecVersion.Draft201909 | SpecVersion.Draft202012)]
[Vocabulary("https://json-schema.org/draft/2020-12/vocab/validation")]
[JsonConverter(typeof(LinearUniqueItemsKeywordConverter))]
internal sealed class LinearUniqueItemsKeyword(bool value) : IJsonSchemaKeyword
{
    public const string Name = "uniqueItems";

    public bool Value { get; } = value;

    public KeywordConstraint GetConstraint(
        SchemaConstraint schemaConstraint, ReadOnlySpan<KeywordConstraint> localConstraints, EvaluationContext context) =>
        Value ? new KeywordConstraint(Name, Evaluate) : KeywordConstraint.Skip;

    private static void Evaluate(KeywordEvaluation evaluation, EvaluationContext context)
    {
        if (evaluation.LocalInstance is not JsonArray array)
        {
            evaluation.MarkAsSkipped();
            return;
        }

        var seen = new HashSet<string>(array.Count, StringComparer.Ordinal);
        var text = new StringBuilder();
        for (var i = 0; i < array.Count; i++)
        {
            text.Clear();
            Canonical(array[i], text);
            if (!seen.Add(text.ToString()))
            {
                evaluation.Results.Fail(Name, $"Item {i} repeats an earlier item; the items must be unique.");
                return;
            }
        }
    }

    /// <summary>Instances are at most 64 levels deep (the JSON reader's limit), so recursion is bounded.</summary>
    private static void Canonical(JsonNode? node, StringBuilder text)
    {
        switch (node)
        {
            case null:
                text.Append('n');
                break;
            case JsonObject obj:
                text.Append('{');
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(JsonSerializer.Serialize(key)).Append(':');
                    Canonical(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case JsonArray items:
                text.Append('[');
                foreach (var item in items)
                {
                    Canonical(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                text.Append('#').Append(CanonicalNumber(value.ToJsonString()));
                break;
            default:
                text.Append(node.ToJsonString());
                break;
        }
    }

    private static string CanonicalNumber(string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            // Dividing by 1.000…0 drops trailing zeros: 1.50 and 1.5 print alike.
            return (exact / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        }

        // Beyond decimal, as written: a double would make different huge numbers one (1e400 and 1e401 both infinite).
        return raw.ToLowerInvariant();
    }
}

internal sealed class LinearUniqueItemsKeywordConverter : WeaklyTypedJsonConverter<LinearUniqueItemsKeyword>
{
    public override LinearUniqueItemsKeyword Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType is JsonTokenType.True or JsonTokenType.False
            ? new LinearUniqueItemsKeyword(reader.GetBoolean())
            : throw new JsonException("`uniqueItems` must be a boolean.");

    public override void Write(Utf8JsonWriter writer, LinearUniqueItemsKeyword value, JsonSerializerOptions options) =>
        writer.WriteBooleanValue(value.Value);
}
