using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Client;

/// <summary>
/// Free-form JSON (invoke input and output, capability schemas and examples) is `{}` in the OpenAPI
/// document, which Kiota models as <see cref="UntypedNode"/>. These convert to and from System.Text.Json.
/// </summary>
public static class FreeFormJson
{
    public static UntypedNode From(JsonNode? node) => node switch
    {
        null => new UntypedNull(),
        JsonObject obj => new UntypedObject(obj.ToDictionary(p => p.Key, p => From(p.Value))),
        JsonArray array => new UntypedArray(array.Select(From).ToList()),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => new UntypedString(value.GetValue<string>()),
            JsonValueKind.True => new UntypedBoolean(true),
            JsonValueKind.False => new UntypedBoolean(false),
            JsonValueKind.Number => Number(value.ToJsonString()),
            _ => new UntypedNull(),
        },
        _ => throw new NotSupportedException($"Unknown JSON node {node.GetType().Name}."),
    };

    /// <summary>A value given as JSON text, e.g. <c>FreeFormJson.Parse("""{"text":"hi"}""")</c>.</summary>
    public static UntypedNode Parse(string json) => From(JsonNode.Parse(json));

    public static JsonNode? ToJsonNode(UntypedNode? node) => node switch
    {
        null or UntypedNull => null,
        UntypedObject obj => new JsonObject(obj.GetValue().Select(p => KeyValuePair.Create(p.Key, ToJsonNode(p.Value)))),
        UntypedArray array => new JsonArray(array.GetValue().Select(ToJsonNode).ToArray()),
        UntypedString text => JsonValue.Create(text.GetValue()),
        UntypedBoolean flag => JsonValue.Create(flag.GetValue()),
        UntypedInteger number => JsonValue.Create(number.GetValue()),
        UntypedLong number => JsonValue.Create(number.GetValue()),
        UntypedDouble number => JsonValue.Create(number.GetValue()),
        UntypedFloat number => JsonValue.Create(number.GetValue()),
        UntypedDecimal number => JsonValue.Create(number.GetValue()),
        _ => throw new NotSupportedException($"Unknown untyped node {node.GetType().Name}."),
    };

    /// <summary>The value as compact JSON text ("null" for none), non-ASCII text as it is.</summary>
    public static string ToJson(UntypedNode? node) => ToJsonNode(node)?.ToJsonString(Readable) ?? "null";

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static UntypedNode Number(string text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? new UntypedLong(whole)
        : decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? new UntypedDecimal(exact)
        : new UntypedDouble(double.Parse(text, CultureInfo.InvariantCulture));
}
