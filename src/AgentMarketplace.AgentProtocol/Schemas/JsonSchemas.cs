using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// JSON Schema 2020-12 through JsonSchema.Net: is a publisher's schema usable (within
/// <see cref="SchemaLimits"/>, valid against the meta-schema, every `$ref` resolvable here), and
/// does an instance satisfy one.
/// </summary>
public static class JsonSchemas
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    static JsonSchemas() => LinearKeywords.Install();

    /// <summary>Why <paramref name="schema"/> is not a usable 2020-12 schema within <paramref name="limits"/> (default: <see cref="SchemaLimits.Default"/>), or null.</summary>
    public static string? CheckSchema(JsonNode? schema, SchemaLimits? limits = null)
    {
        if (schema is not (JsonObject or JsonValue) || (schema is JsonValue value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)))
        {
            return "must be a JSON Schema: an object or a boolean.";
        }

        if (schema is JsonObject obj && obj["$schema"] is { } dialect && dialect.ToString() != Draft202012)
        {
            return $"must be JSON Schema 2020-12 (`$schema` is {dialect}).";
        }

        // Before any library sees it: the bounds are what make parsing and evaluating it safe.
        if (SchemaBounds.Check(schema, limits ?? SchemaLimits.Default) is { } beyond)
        {
            return beyond;
        }

        try
        {
            var meta = MetaSchemas.Draft202012.Evaluate(schema, NewEvaluationOptions());
            if (!meta.IsValid)
            {
                return "is not a valid JSON Schema 2020-12: " + Describe(meta);
            }

            // Parsing catches what the meta-schema cannot, such as a `$ref` nothing can resolve.
            using (PatternBudget.Start())
            {
                JsonSchema.FromText(schema.ToJsonString()).Evaluate(new JsonObject(), NewEvaluationOptions());
            }

            return null;
        }
        catch (Exception e) when (IsSchemaFault(e))
        {
            return "is not a usable JSON Schema: " + e.Message;
        }
    }

    /// <summary>Why <paramref name="instance"/> breaks <paramref name="schema"/>, or null when it satisfies it.</summary>
    public static string? Check(JsonNode schema, JsonNode? instance, SchemaLimits? limits = null) =>
        new CompiledSchema(schema.ToJsonString(), limits).Check(instance);

    /// <summary>
    /// Every evaluation is as JSON Schema 2020-12: without a `$schema`, the library would otherwise apply
    /// every draft's keywords (`$recursiveRef` among them), which <see cref="SchemaBounds"/> does not measure.
    /// </summary>
    internal static EvaluationOptions NewEvaluationOptions() => new() { OutputFormat = OutputFormat.List, EvaluateAs = SpecVersion.Draft202012 };

    /// <summary>
    /// What publisher-written schemas and instances can make JsonSchema.Net throw: circular or broken
    /// `$ref`s, numbers beyond decimal's range, patterns out of time. Never a server error.
    /// </summary>
    internal static bool IsSchemaFault(Exception e) => e is JsonException or JsonSchemaException or RefResolutionException
        or ArgumentException or InvalidOperationException or FormatException or OverflowException
        or RegexMatchTimeoutException or InvalidCastException or NotSupportedException;

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
