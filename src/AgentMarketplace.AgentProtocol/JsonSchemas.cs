using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol;

/// <summary>JSON Schema 2020-12 through JsonSchema.Net: is a schema valid, does an instance satisfy it.</summary>
public static class JsonSchemas
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Why <paramref name="schema"/> is not a usable 2020-12 schema, or null.</summary>
    public static string? CheckSchema(JsonNode? schema)
    {
        if (schema is not (JsonObject or JsonValue) || (schema is JsonValue value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
        {
            return "must be a JSON Schema: an object or a boolean.";
        }

        if (schema is JsonObject obj && obj["$schema"] is { } dialect && dialect.ToString() != Draft202012)
        {
            return $"must be JSON Schema 2020-12 (`$schema` is {dialect}).";
        }

        try
        {
            var meta = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!meta.IsValid)
            {
                return "is not a valid JSON Schema 2020-12: " + Describe(meta);
            }

            // Parsing catches what the meta-schema cannot, such as a `$ref` nothing can resolve.
            Parse(schema).Evaluate(new JsonObject());
            return null;
        }
        catch (Exception e) when (IsSchemaFault(e))
        {
            return "is not a usable JSON Schema: " + e.Message;
        }
    }

    /// <summary>Why <paramref name="instance"/> breaks <paramref name="schema"/>, or null when it satisfies it.</summary>
    public static string? Check(JsonNode schema, JsonNode? instance) => new CompiledSchema(schema.ToJsonString()).Check(instance);

    /// <summary>
    /// What publisher-written schemas and instances can make JsonSchema.Net throw: circular or broken
    /// `$ref`s, numbers beyond decimal's range, runaway regular expressions. Never a server error.
    /// </summary>
    internal static bool IsSchemaFault(Exception e) => e is JsonException or JsonSchemaException or RefResolutionException
        or ArgumentException or InvalidOperationException or FormatException or OverflowException
        or RegexMatchTimeoutException or InvalidCastException;

    private static JsonSchema Parse(JsonNode schema) => JsonSchema.FromText(schema.ToJsonString());

    internal static string Describe(EvaluationResults results)
    {
        var messages = results.Details
            .Where(d => d.HasErrors)
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is "" ? "(root)" : d.InstanceLocation.ToString())}: {e.Value}"))
            .Distinct()
            .Take(5)
            .ToList();
        return messages.Count > 0 ? string.Join("; ", messages) : "does not match.";
    }
}
