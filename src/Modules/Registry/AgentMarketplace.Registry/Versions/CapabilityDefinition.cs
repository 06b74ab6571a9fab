using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.Registry.Versions;

internal sealed record CapabilityExample(JsonNode? Input, JsonNode? ExpectedOutput);

internal sealed record CapabilityDefinition(
    string Name, string Description, JsonNode InputSchema, JsonNode OutputSchema, IReadOnlyList<CapabilityExample> Examples)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IReadOnlyList<CapabilityDefinition> capabilities) => JsonSerializer.Serialize(capabilities, Json);

    public static IReadOnlyList<CapabilityDefinition> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<CapabilityDefinition>>(json, Json) ?? [];
}
