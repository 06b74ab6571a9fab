using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.Client;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Serialization.Json;

namespace AgentMarketplace.Storefront.Components.Shared;

/// <summary>Free-form JSON (schemas, examples, inputs and outputs) as a visitor reads and types it.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Pretty(UntypedNode? node) => FreeFormJson.ToJsonNode(node)?.ToJsonString(Indented) ?? "";

    /// <summary>
    /// A document pasted into a form (registration.json, server.json, an agent card) read as the generated
    /// model the API takes; the parser's message when it is not JSON.
    /// </summary>
    public static T? ReadAs<T>(string? text, ParsableFactory<T> factory, out string error) where T : IParsable
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "null" : text);
            error = document.RootElement.ValueKind == JsonValueKind.Object ? "" : "The document must be a JSON object.";
            return error.Length == 0 ? new JsonParseNode(document.RootElement.Clone()).GetObjectValue(factory) : default;
        }
        catch (JsonException e)
        {
            error = e.Message;
            return default;
        }
    }

    /// <summary>Text typed into a form, as JSON; the parser's message when it is not.</summary>
    public static bool TryParse(string? text, out UntypedNode value, out string error)
    {
        try
        {
            value = FreeFormJson.From(JsonNode.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text));
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            value = new UntypedNull();
            error = e.Message;
            return false;
        }
    }
}
