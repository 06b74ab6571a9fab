using System.Diagnostics;
using System.Text.Json;
using AgentMarketplace.Api.Database;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Operations.Contracts;
using Mediator;
using AgentMarketplace.Api.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Api.Errors;

/// <summary>
/// The one place exceptions become HTTP answers. What a client caused (bad JSON, a body too large,
/// a wrong content type) is its 4xx with a useful detail, a lost optimistic-concurrency race a 409,
/// a database that cannot be reached a 503 with Retry-After (the outage is logged once, by
/// <see cref="DatabaseCircuit"/>, not per request); anything else is a 500 that says nothing about
/// internals and is logged with the correlation id.
/// </summary>
internal sealed class GlobalExceptionHandler(
    IProblemDetailsService problems, IServiceScopeFactory scopes, TimeProvider clock, DatabaseCircuit database,
    ILogger<GlobalExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return true; // The client left; nobody is there to read an answer.
        }

        var problem = exception switch
        {
            BadHttpRequestException bad => ClientError(bad),
            DbUpdateConcurrencyException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict.",
                Detail = "Someone else changed this at the same time; read it again and retry.",
            },
            _ when exception.IsDatabaseUnavailable() => DatabaseOutageShedding.Problem(http, database),
            _ => null,
        };

        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception for {Method} {Path} (correlation {CorrelationId})",
                http.Request.Method, http.Request.Path, CorrelationId.Of(http));
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Detail = "The error was logged; quote the correlationId when you report it.",
            };
            await ReportAsync(http, exception);
        }

        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// Keeps the 5xx for admins (GET /api/v1/admin/errors): the route pattern, never the path's ids;
    /// the exception's type, never its message, which may hold data. Reporting must not fail the answer.
    /// </summary>
    private async Task ReportAsync(HttpContext http, Exception exception)
    {
        // The exception handler middleware clears the endpoint before it re-executes; the feature keeps it.
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var module = endpoint?.Metadata.GetMetadata<ITagsMetadata>()?.Tags.FirstOrDefault() ?? "Platform";
        var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new RecordServerError(
                module, $"{http.Request.Method} {route}", StatusCodes.Status500InternalServerError,
                Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier, $"Unhandled {exception.GetType().Name}", clock.GetUtcNow()),
                CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record the error report");
        }
    }

    private static ProblemDetails ClientError(BadHttpRequestException exception)
    {
        var status = exception.StatusCode;
        var json = FindJsonException(exception);
        return new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large.",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type.",
                _ => "The request could not be read.",
            },
            Detail = json is not null
                ? $"The request body is not valid JSON for this route{(json.Path is null ? "" : $" (at '{json.Path}')")}."
                : status switch
                {
                    StatusCodes.Status413PayloadTooLarge => "The request body is larger than this service accepts.",
                    StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                    _ => "A parameter or the body of the request is missing or malformed.",
                },
        };
    }

    private static JsonException? FindJsonException(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }

        return null;
    }
}
