using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AgentMarketplace.BuildingBlocks.Validation;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// What a generated client needs to know of each object schema: which properties are always present
/// (`required`: every property that is not nullable and not left out when null), which strings come
/// from a list (`enum`, from <see cref="OneOfAttribute"/>), that free-form JSON is any value, and that
/// more properties may come later (no `additionalProperties: false`, so clients keep fields added to
/// the contract).
/// </summary>
internal sealed class SchemaFactsFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } objectSchema || context.Type.IsPrimitive)
        {
            return;
        }

        objectSchema.AdditionalPropertiesAllowed = true;
        var constructor = context.Type.GetConstructors().MaxBy(c => c.GetParameters().Length);
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!objectSchema.Properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }

            if (property.SetMethod is null && propertySchema is OpenApiSchema computed)
            {
                // Computed from the other fields: answered, never read from a request.
                computed.ReadOnly = true;
            }

            if (AlwaysPresent(property))
            {
                objectSchema.Required ??= new HashSet<string>(StringComparer.Ordinal);
                objectSchema.Required.Add(name);
            }

            var parameter = constructor?.GetParameters().FirstOrDefault(p => p.Name == property.Name);
            var oneOf = property.GetCustomAttribute<OneOfAttribute>() ?? parameter?.GetCustomAttribute<OneOfAttribute>();
            if (oneOf is not null && propertySchema is OpenApiSchema inline)
            {
                var target = inline.Items as OpenApiSchema ?? inline;
                target.Enum = oneOf.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            }

            if (property.PropertyType.IsAssignableTo(typeof(JsonNode)) && propertySchema is OpenApiSchema freeForm)
            {
                freeForm.Description ??= "Any JSON value.";
            }

            if (propertySchema is OpenApiSchema { Example: null, Enum: null } plain && Example(name, plain) is { } example)
            {
                plain.Example = example;
            }
        }
    }

    /// <summary>A typical value for the properties the API names alike, so every example Swagger UI composes reads like real data.</summary>
    private static JsonNode? Example(string name, OpenApiSchema schema) => (schema.Format, name) switch
    {
        ("uuid", _) => "0f8fad5b-d9cb-469f-a165-70867728950e",
        ("date-time", _) => "2026-05-01T12:00:00Z",
        ("date", _) => "2026-05-01",
        (null, "email" or "payoutEmail") => "ada@example.com",
        (null, "slug" or "agentSlug") => "text-tools",
        (null, "currency") => "USD",
        (null, "version" or "latestVersion") => "1.0.0",
        (null, "capability") => "word-count",
        (null, "endpointUrl") => "https://agents.example.com/text-tools",
        _ => null,
    };

    private static bool AlwaysPresent(PropertyInfo property)
    {
        var ignore = property.GetCustomAttribute<JsonIgnoreAttribute>();
        if (ignore is not null && ignore.Condition != JsonIgnoreCondition.Never)
        {
            return false;
        }

        return property.PropertyType.IsValueType
            ? Nullable.GetUnderlyingType(property.PropertyType) is null
            : new NullabilityInfoContext().Create(property).ReadState == NullabilityState.NotNull;
    }
}
