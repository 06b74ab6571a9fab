using Microsoft.OpenApi;

namespace AgentMarketplace.Api.OpenApi;

internal static class SwaggerSetup
{
    public const string BearerScheme = "Bearer";
    public const string ApiKeyScheme = "ApiKey";

    /// <summary>Swagger UI at /swagger with an Authorize button for a JWT and one for an API key.</summary>
    public static IServiceCollection AddPlatformSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Agent Marketplace API",
                Version = "v1",
                Description = "Publish, verify, discover, deploy, invoke and bill AI agents. Contract: shared/API.md.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /api/v1/auth/token.",
            });
            options.AddSecurityDefinition(ApiKeyScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key from POST /api/v1/users/me/api-keys (amk_…).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [],
                [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [],
            });
        });
        return services;
    }
}
