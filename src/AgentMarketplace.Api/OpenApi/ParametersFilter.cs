using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Validation;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// Parameters as the contract spells them: query names in camelCase (binding ignores case, so the URLs
/// the service accepts are unchanged), `enum` where the code lists the values (<see cref="OneOfAttribute"/>),
/// and a description for each parameter name the API uses.
/// </summary>
internal sealed class ParametersFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            var described = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Name == parameter.Name);
            if (parameter.In == ParameterLocation.Query && parameter.Name is { } name)
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(name);
            }

            parameter.Description ??= parameter is { Name: "id", Schema.Format: not "uuid" }
                ? "The agent's id, or its slug."
                : ParameterDescriptions.GetValueOrDefault(parameter.Name ?? "");
            if (OneOf(described?.ParameterDescriptor) is { } oneOf && parameter.Schema is OpenApiSchema schema)
            {
                var target = schema.Items as OpenApiSchema ?? schema;
                target.Enum = oneOf.AllowedValues.Select(v => (JsonNode)JsonValue.Create(v)).ToList();
            }
        }
    }

    private static OneOfAttribute? OneOf(ParameterDescriptor? descriptor) =>
        descriptor is IParameterInfoParameterDescriptor { ParameterInfo: var info } ? info.GetCustomAttribute<OneOfAttribute>() : null;

    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["id"] = "The resource's id (a UUID).",
        ["version"] = "A version number (SemVer 2.0, e.g. `1.0.0`).",
        ["reviewId"] = "The review's id.",
        ["limit"] = "Page size: 1 to 100 (default 20).",
        ["cursor"] = "The `nextCursor` of the previous page; leave out for the first page. Opaque.",
        ["q"] = "Words to search names, descriptions, tags and capabilities for (typo-tolerant).",
        ["category"] = "A category, exactly as listed (e.g. `summarization`).",
        ["tag"] = "A tag, exactly as listed.",
        ["capability"] = "The name of a capability the agent must offer.",
        ["pricingModel"] = "Only listings with this pricing model.",
        ["maxPriceCents"] = "Only listings whose headline price (per call, per unit or per month) is at most this, in minor units.",
        ["minRating"] = "Only agents rated at least this on average (0 to 5). Absent or 0: no minimum, and unrated agents are included; above 0, unrated agents are left out.",
        ["verifiedOnly"] = "Only agents whose latest version is verified.",
        ["sort"] = "The order of the results (default `relevance`, which needs `q`; without `q` it orders by popularity).",
        ["from"] = "Start of the period (ISO-8601, inclusive).",
        ["to"] = "End of the period (ISO-8601, exclusive).",
        ["slug"] = "The slug for the new agent, when the document gives none (lowercase letters, digits and dashes).",
        ["module"] = "Only errors recorded by this module (e.g. `Deployment`).",
        ["deploymentId"] = "Only errors of this deployment.",
        ["groupBy"] = "How the figures are grouped over time.",
        ["Idempotency-Key"] = "A key of your choice (at most 255 characters) that makes a retry safe: the same key and body answer the first result again; a different body is 422; while the first request runs, 409. Kept at least 24 h.",
    };
}
