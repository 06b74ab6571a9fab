using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// Security per operation: a Bearer token **or** an API key (two requirement objects, either one
/// satisfies) where the endpoint needs a user, and `security: []` where anyone may call it.
/// </summary>
internal sealed class SecurityRequirementsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Security = EndpointAccess.Of(context.ApiDescription) == Access.Anyone
            ? []
            :
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SwaggerSetup.BearerScheme, context.Document)] = [] },
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SwaggerSetup.ApiKeyScheme, context.Document)] = [] },
            ];
    }
}
