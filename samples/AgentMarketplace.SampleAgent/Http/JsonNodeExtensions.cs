using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Http;

internal static class JsonNodeExtensions
{
    /// <summary>The node's string, or null when it is missing or not a JSON string.</summary>
    public static string? StringValue(this JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
