using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace AgentMarketplace.Api.OpenApi;

/// <summary>One shared `application/problem+json` response (RFC 9457) per status the contract names.</summary>
internal sealed record ProblemResponse(string Key, string Component, string Title, string Description, string Example);

internal static class ProblemResponses
{
    public const string SchemaName = "ProblemDetails";
    public const string ContentType = "application/problem+json";

    public static readonly IReadOnlyDictionary<string, ProblemResponse> ByStatus = new[]
    {
        new ProblemResponse("400", "BadRequest", "One or more fields are invalid.",
            "The request is malformed or a field is invalid; `errors` names each field as it was sent.", "See `errors` for what to fix in each field."),
        new ProblemResponse("401", "Unauthorized", "Unauthorized",
            "No credentials, or they are not valid: an expired or malformed token, a revoked API key, wrong email or password.",
            "Send `Authorization: Bearer <accessToken>` or `X-Api-Key: <key>`."),
        new ProblemResponse("402", "PaymentRequired", "Payment required.",
            "The month's spend limit would be passed, or the payment was declined.", "This call would pass your monthly spend limit of 5000 cents."),
        new ProblemResponse("403", "Forbidden", "Forbidden.",
            "Signed in, but not allowed: a role the route needs is missing, or a rule refuses it (e.g. reviews come from real use).",
            "Only users who have called this agent successfully may review it."),
        new ProblemResponse("404", "NotFound", "Not found.",
            "Not found, or not yours: another user's resource is never revealed.", "Agent not found."),
        new ProblemResponse("409", "Conflict", "Conflict.",
            "A conflict with the current state: a duplicate (slug, email, version, review, listing) or a state that does not allow it.",
            "The slug 'text-tools' is taken."),
        new ProblemResponse("422", "UnprocessableEntity", "Unprocessable request.",
            "The same Idempotency-Key was sent earlier with a different body.", "This Idempotency-Key was used with a different request body."),
        new ProblemResponse("429", "TooManyRequests", "Too many requests.",
            "A rate limit or quota was reached; `Retry-After` says in how many seconds to come back.", "The per-minute request limit of 60 was reached."),
        new ProblemResponse("502", "BadGateway", "The agent failed.",
            "The agent failed, or answered something that is not valid for the capability.", "The agent answered 500."),
        new ProblemResponse("503", "ServiceUnavailable", "Temporarily unavailable.",
            "A dependency is down or not configured; try again later.", "The database is not reachable."),
        new ProblemResponse("504", "GatewayTimeout", "The agent did not answer in time.",
            "The agent did not answer within the deployment's timeout.", "No answer within 30 s."),
        new ProblemResponse("default", "Problem", "Problem.",
            "Any other problem, in the same shape (e.g. 413 for a body over the size limit, 415 for a body that is not JSON).",
            "The request body is larger than the limit."),
    }.ToDictionary(p => p.Key);

    /// <summary>The `type` the framework gives each status (RFC 9110's section for it).</summary>
    private static readonly Dictionary<int, string> ProblemTypes = new()
    {
        [400] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        [401] = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        [402] = "https://tools.ietf.org/html/rfc9110#section-15.5.3",
        [403] = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        [404] = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        [409] = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        [422] = "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        [429] = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        [502] = "https://tools.ietf.org/html/rfc9110#section-15.6.3",
        [503] = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
        [504] = "https://tools.ietf.org/html/rfc9110#section-15.6.5",
    };

    /// <summary>The problem-details schema, registered once in the document's components.</summary>
    public static OpenApiSchemaReference Schema(SchemaRepository schemas, OpenApiDocument document)
    {
        if (!schemas.Schemas.ContainsKey(SchemaName))
        {
            schemas.Schemas[SchemaName] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "An RFC 9457 problem: every error the API answers has this shape.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI reference that identifies the problem type." },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A short summary of the problem type." },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status code." },
                    ["detail"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "What went wrong in this occurrence, for a person to read.",
                        // Kiota: a generated client's exception message is the detail.
                        Extensions = new Dictionary<string, IOpenApiExtension> { ["x-ms-primary-error-message"] = new JsonNodeExtension(true) },
                    },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request path." },
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "For invalid input (400): each field, named as it was sent, with its messages.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                    ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The trace of this request, to quote when reporting a problem." },
                    ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's correlation id (`X-Correlation-Id`)." },
                },
                Required = new HashSet<string> { "title", "status" },
            };
        }

        return new OpenApiSchemaReference(SchemaName, document);
    }

    /// <summary>A reference to the shared response for <paramref name="problem"/>, added to the components on first use.</summary>
    public static OpenApiResponseReference Response(ProblemResponse problem, SchemaRepository schemas, OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        if (!document.Components.Responses.ContainsKey(problem.Component))
        {
            var status = int.TryParse(problem.Key, out var code) ? code : 400;
            var example = new JsonObject
            {
                ["type"] = ProblemTypes.GetValueOrDefault(status, "about:blank"),
                ["title"] = problem.Title,
                ["status"] = status,
                ["detail"] = problem.Example,
                ["traceId"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
            };
            if (status == 400)
            {
                example["errors"] = new JsonObject { ["email"] = new JsonArray("'email' is not a valid email address.") };
            }

            var response = new OpenApiResponse
            {
                Description = problem.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ContentType] = new() { Schema = Schema(schemas, document), Example = example },
                },
            };
            if (status == 429)
            {
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds until a new request may succeed.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    },
                };
            }

            document.Components.Responses[problem.Component] = response;
        }

        return new OpenApiResponseReference(problem.Component, document);
    }
}

/// <summary>
/// Every operation's error responses: those its metadata implies (401 for a signed-in route, 403 for a
/// role, 404 for a path id, 400 for a body or query, 429 for a rate limit), those the catalogue adds,
/// and `default` — each the shared problem-details response, so a generated client raises them typed.
/// </summary>
internal sealed class ProblemResponsesFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var api = context.ApiDescription;
        var statuses = new SortedSet<string>(StringComparer.Ordinal) { "default" };
        var access = EndpointAccess.Of(api);
        if (access != Access.Anyone)
        {
            statuses.Add("401");
        }

        if (access is Access.Publisher or Access.Admin)
        {
            statuses.Add("403");
        }

        if (api.ParameterDescriptions.Any(p => p.Source.Id == "Path"))
        {
            statuses.Add("404");
        }

        if (operation.RequestBody is not null || api.ParameterDescriptions.Any(p => p.Source.Id == "Query"))
        {
            statuses.Add("400");
        }

        if (EndpointAccess.IsRateLimited(api))
        {
            statuses.Add("429");
        }

        foreach (var status in OperationCatalogue.Find(operation.OperationId)?.Errors ?? [])
        {
            statuses.Add(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        operation.Responses ??= [];
        foreach (var status in statuses)
        {
            if (!ProblemResponses.ByStatus.TryGetValue(status, out var problem))
            {
                throw new InvalidOperationException($"{operation.OperationId}: no shared problem response for status {status}.");
            }

            operation.Responses[status] = ProblemResponses.Response(problem, context.SchemaRepository, context.Document);
        }
    }
}
