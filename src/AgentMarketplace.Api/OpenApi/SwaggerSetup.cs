using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>
/// The OpenAPI document (`/swagger/v1/swagger.json`, committed as docs/openapi.json) and Swagger UI at
/// /swagger. What each operation says lives in <see cref="OperationCatalogue"/>; the filters here turn
/// the endpoints' metadata into security, problem responses and schemas clients can generate from.
/// </summary>
internal static class SwaggerSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>The address `dotnet run --project src/AgentMarketplace.Api` serves; the live document puts its own origin first.</summary>
    public const string LocalServer = "http://127.0.0.1:5080";

    public static IServiceCollection AddPlatformSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Agent Marketplace API",
                Version = "v1",
                Description = OperationCatalogue.ApiDescription,
                Contact = new OpenApiContact { Name = "Agent Marketplace maintainers" },
                License = new OpenApiLicense { Name = "No licence chosen yet: the repository carries no LICENSE file" },
            });
            options.AddServer(new OpenApiServer { Url = LocalServer, Description = "A local service (`dotnet run --project src/AgentMarketplace.Api`)." });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from `POST /api/v1/auth/token`, sent as `Authorization: Bearer <accessToken>`.",
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key from `POST /api/v1/users/me/api-keys` (`amk_…`), sent as `X-Api-Key: <key>`.",
            });

            // Free-form JSON (invoke input and output, capability schemas and examples, deployment config)
            // is any JSON value: an open schema, not the reflected shape of System.Text.Json's node types.
            options.MapType<JsonNode>(() => new OpenApiSchema());
            options.MapType<JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
            options.MapType<JsonElement>(() => new OpenApiSchema());

            options.SupportNonNullableReferenceTypes();
            options.SchemaFilter<SchemaFactsFilter>();
            options.OperationFilter<ParametersFilter>();
            options.OperationFilter<SecurityRequirementsFilter>();
            options.OperationFilter<ProblemResponsesFilter>();
            options.OperationFilter<OperationDocsFilter>();
            options.DocumentFilter<DocumentShapeFilter>();
        });
        return services;
    }

    /// <summary>Swagger UI at /swagger; the live document lists the origin it was fetched from first.</summary>
    public static WebApplication UsePlatformSwagger(this WebApplication app)
    {
        app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
        {
            var origin = $"{request.Scheme}://{request.Host}";
            if (document.Servers?.Any(s => s.Url == origin) != true)
            {
                document.Servers?.Insert(0, new OpenApiServer { Url = origin, Description = "This service." });
            }
        }));
        app.UseSwaggerUI(options => options.DocumentTitle = "Agent Marketplace API");
        return app;
    }
}
