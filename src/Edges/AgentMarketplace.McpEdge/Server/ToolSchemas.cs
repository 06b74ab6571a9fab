using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// A capability's schemas as an MCP tool's. MCP wants both an object: a tool's `arguments` and its
/// `structuredContent` are JSON objects. A capability whose input (or output) schema is an object schema keeps
/// it as it is; any other schema (a string, an array, any value) is wrapped as the one required property
/// `input` (or `output`) of an object, and the arguments and answers are wrapped and unwrapped to match.
/// </summary>
internal static class ToolSchemas
{
    public const string InputProperty = "input";
    public const string OutputProperty = "output";

    /// <summary>The tool's input schema, and whether the capability's input travels wrapped in it.</summary>
    public static (JsonElement Schema, bool Wrapped) Input(string capabilitySchema) => ForTool(capabilitySchema, InputProperty);

    /// <summary>The tool's output schema, and whether the capability's output travels wrapped in it.</summary>
    public static (JsonElement Schema, bool Wrapped) Output(string capabilitySchema) => ForTool(capabilitySchema, OutputProperty);

    /// <summary>The capability's input from a call's arguments (absent arguments are an empty object).</summary>
    public static JsonNode? InputFrom(IDictionary<string, JsonElement>? arguments, bool wrapped)
    {
        var given = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, JsonElement>())
        {
            given[name] = JsonSerializer.SerializeToNode(value);
        }

        return wrapped ? given[InputProperty]?.DeepClone() : given;
    }

    /// <summary>The call's `structuredContent`: the output itself, or wrapped where the tool's output schema wraps it.</summary>
    public static JsonObject StructuredFrom(JsonNode? output, bool wrapped) =>
        !wrapped && output is JsonObject answer ? answer : new JsonObject { [OutputProperty] = output?.DeepClone() };

    private static (JsonElement Schema, bool Wrapped) ForTool(string capabilitySchema, string property)
    {
        var schema = JsonNode.Parse(capabilitySchema);
        if (schema is JsonObject root && root["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String
            && type.GetValue<string>() == "object")
        {
            return (JsonSerializer.SerializeToElement(root), false);
        }

        // `$schema` belongs at the root of a schema resource: it moves up to the wrapper.
        var inner = schema?.DeepClone() ?? new JsonObject();
        var wrapper = new JsonObject();
        if (inner is JsonObject innerObject && innerObject.Remove("$schema", out var dialect))
        {
            wrapper["$schema"] = dialect;
        }

        wrapper["type"] = "object";
        wrapper["properties"] = new JsonObject { [property] = inner };
        wrapper["required"] = new JsonArray(property);
        return (JsonSerializer.SerializeToElement(wrapper), true);
    }
}
