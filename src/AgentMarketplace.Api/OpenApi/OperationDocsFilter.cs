using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// Each operation's description (what it does and costs, from <see cref="OperationCatalogue"/>, then who
/// may call it, from its authorization metadata) and its request and response examples. An operation
/// the catalogue does not know keeps no description, which `scripts/openapi.sh check` (Spectral's
/// operation-description) and OpenApiDocumentTests both refuse.
/// </summary>
internal sealed class OperationDocsFilter : IOperationFilter
{
    public const string JsonContent = "application/json";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var doc = OperationCatalogue.Find(operation.OperationId);
        if (doc is null)
        {
            operation.Description = null;
            return;
        }

        operation.Description = $"{doc.Description}\n\n{EndpointAccess.Describe(EndpointAccess.Of(context.ApiDescription))}";
        if (doc.Request is not null && operation.RequestBody?.Content?.TryGetValue(JsonContent, out var request) == true)
        {
            request.Example = JsonNode.Parse(doc.Request);
        }

        if (doc.Response is not null)
        {
            var success = operation.Responses?.FirstOrDefault(r => r.Key.StartsWith('2')).Value as OpenApiResponse;
            if (success?.Content?.TryGetValue(JsonContent, out var response) == true)
            {
                response.Example = JsonNode.Parse(doc.Response);
            }
        }
    }
}
