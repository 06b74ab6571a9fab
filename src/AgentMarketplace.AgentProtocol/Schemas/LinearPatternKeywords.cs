using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Json.More;
using Json.Pointer;
using Json.Schema;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>`pattern`, as the library's keyword, but matched by <see cref="LinearPatterns"/>.</summary>
[SchemaKeyword(Name)]
[SchemaSpecVersion(SpecVersion.Draft6 | SpecVersion.Draft7 | SpecVersion.Draft201909 | SpecVersion.Draft202012)]
[Vocabulary("https://json-schema.org/draft/2020-12/vocab/validation")]
[JsonConverter(typeof(LinearPatternKeywordConverter))]
internal sealed class LinearPatternKeyword(string pattern) : IJsonSchemaKeyword
{
    public const string Name = "pattern";

    public string Pattern { get; } = pattern;

    public KeywordConstraint GetConstraint(
        SchemaConstraint schemaConstraint, ReadOnlySpan<KeywordConstraint> localConstraints, EvaluationContext context) =>
        new(Name, Evaluate);

    private void Evaluate(KeywordEvaluation evaluation, EvaluationContext context)
    {
        if (evaluation.LocalInstance is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            evaluation.MarkAsSkipped();
            return;
        }

        // The value is not echoed: it may be large, and it is the caller's own input.
        if (!LinearPatterns.IsMatch(Pattern, text))
        {
            evaluation.Results.Fail(Name, $"The string does not match the pattern {Pattern}.");
        }
    }
}

/// <summary>
/// `patternProperties`, as the library's keyword (same name, same annotation, so `additionalProperties`
/// and `unevaluatedProperties`, which find it by name, see the properties it matched), matched by
/// <see cref="LinearPatterns"/>.
/// </summary>
[SchemaKeyword(Name)]
[SchemaSpecVersion(SpecVersion.Draft6 | SpecVersion.Draft7 | SpecVersion.Draft201909 | SpecVersion.Draft202012)]
[Vocabulary("https://json-schema.org/draft/2020-12/vocab/applicator")]
[JsonConverter(typeof(LinearPatternPropertiesKeywordConverter))]
internal sealed class LinearPatternPropertiesKeyword(IReadOnlyDictionary<string, JsonSchema> schemas) : IJsonSchemaKeyword, IKeyedSchemaCollector
{
    public const string Name = "patternProperties";

    /// <summary>Each pattern's subschema; `$ref`s into them navigate through this.</summary>
    public IReadOnlyDictionary<string, JsonSchema> Schemas { get; } = schemas;

    public KeywordConstraint GetConstraint(
        SchemaConstraint schemaConstraint, ReadOnlySpan<KeywordConstraint> localConstraints, EvaluationContext context)
    {
        var children = Schemas.Select(entry =>
        {
            var child = entry.Value.GetConstraint(JsonPointer.Create(Name, entry.Key), schemaConstraint.BaseInstanceLocation, JsonPointer.Empty, context);
            child.InstanceLocator = evaluation => evaluation.LocalInstance is JsonObject instance
                ? instance.Select(property => property.Key).Where(key => LinearPatterns.IsMatch(entry.Key, key)).Select(key => JsonPointer.Create(key))
                : [];
            return child;
        }).ToArray();
        return new KeywordConstraint(Name, Evaluate) { ChildDependencies = children };
    }

    private static void Evaluate(KeywordEvaluation evaluation, EvaluationContext context)
    {
        evaluation.Results.SetAnnotation(Name,
            new JsonArray(evaluation.ChildEvaluations.Select(child => (JsonNode?)JsonValue.Create((string)child.RelativeInstanceLocation[0])).ToArray()));
        if (!evaluation.ChildEvaluations.All(child => child.Results.IsValid))
        {
            evaluation.Results.Fail();
        }
    }
}

internal sealed class LinearPatternKeywordConverter : WeaklyTypedJsonConverter<LinearPatternKeyword>
{
    public override LinearPatternKeyword Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("`pattern` must be a string.");
        }

        var pattern = reader.GetString()!;
        _ = LinearPatterns.Get(pattern); // an invalid regular expression fails the schema now, as the library's keyword does
        return new LinearPatternKeyword(pattern);
    }

    public override void Write(Utf8JsonWriter writer, LinearPatternKeyword value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Pattern);
}

internal sealed class LinearPatternPropertiesKeywordConverter : WeaklyTypedJsonConverter<LinearPatternPropertiesKeyword>
{
    public override LinearPatternPropertiesKeyword Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("`patternProperties` must be an object.");
        }

        var schemaType = options.GetTypeInfo(typeof(JsonSchema));
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var pattern = reader.GetString()!;
            _ = LinearPatterns.Get(pattern);
            reader.Read();
            schemas[pattern] = (JsonSchema)JsonSerializer.Deserialize(ref reader, schemaType)!;
        }

        return new LinearPatternPropertiesKeyword(schemas);
    }

    public override void Write(Utf8JsonWriter writer, LinearPatternPropertiesKeyword value, JsonSerializerOptions options)
    {
        var schemaType = options.GetTypeInfo(typeof(JsonSchema));
        writer.WriteStartObject();
        foreach (var (pattern, schema) in value.Schemas)
        {
            writer.WritePropertyName(pattern);
            JsonSerializer.Serialize(writer, schema, schemaType);
        }

        writer.WriteEndObject();
    }
}

[JsonSerializable(typeof(LinearPatternKeyword))]
[JsonSerializable(typeof(LinearPatternPropertiesKeyword))]
[JsonSerializable(typeof(LinearUniqueItemsKeyword))]
internal sealed partial class LinearKeywordSerializerContext : JsonSerializerContext;
