using System.Diagnostics;
using AgentMarketplace.Api.Observability;
using Microsoft.AspNetCore.WebUtilities;

namespace AgentMarketplace.Api.Errors;

internal static class ProblemDetailsSetup
{
    /// <summary>
    /// Every error body is RFC 9457 problem+json with `type`, `title`, `status`, `detail`, plus
    /// `traceId` and `correlationId` so a user's report can be matched to the logs.
    /// </summary>
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var http = context.HttpContext;
            problem.Status ??= http.Response.StatusCode;
            problem.Type ??= problem.Status == StatusCodes.Status429TooManyRequests
                ? "https://www.rfc-editor.org/rfc/rfc6585#section-4"
                : "about:blank";
            problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
            problem.Detail ??= DefaultDetail(problem.Status.Value);
            problem.Instance ??= http.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            problem.Extensions["correlationId"] = CorrelationId.Of(http);
        });
        services.AddExceptionHandler<GlobalExceptionHandler>();
        return services;
    }

    private static string DefaultDetail(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status401Unauthorized => "Authenticate with a Bearer token or an X-Api-Key header.",
        StatusCodes.Status403Forbidden => "You are signed in but not allowed to do this.",
        StatusCodes.Status404NotFound => "Nothing exists at this address, or it is not yours.",
        StatusCodes.Status405MethodNotAllowed => "This route does not accept that HTTP method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
        StatusCodes.Status429TooManyRequests => "Too many requests; wait as long as Retry-After says.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
