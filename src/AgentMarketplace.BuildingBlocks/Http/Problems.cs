using AgentMarketplace.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentMarketplace.BuildingBlocks.Http;

/// <summary>
/// RFC 9457 answers for domain outcomes. The host's problem-details service adds `traceId` and
/// `correlationId` to each.
/// </summary>
public static class Problems
{
    public static ProblemHttpResult From(DomainError error) => error.Kind switch
    {
        ErrorKind.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [error.Field ?? "body"] = [error.Detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are invalid.",
            Detail = "See `errors` for what to fix in each field.",
        }),
        ErrorKind.NotFound => Problem(StatusCodes.Status404NotFound, "Not found.", error.Detail),
        ErrorKind.Conflict when error.Errors is { Count: > 0 } errors => TypedResults.Problem(new HttpValidationProblemDetails(
            errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = StatusCodes.Status409Conflict,
            Title = "Conflict.",
            Detail = error.Detail,
        }),
        ErrorKind.Conflict => Problem(StatusCodes.Status409Conflict, "Conflict.", error.Detail),
        ErrorKind.Unprocessable => Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable request.", error.Detail),
        ErrorKind.Forbidden => Problem(StatusCodes.Status403Forbidden, "Forbidden.", error.Detail),
        ErrorKind.PaymentRequired => Problem(StatusCodes.Status402PaymentRequired, "Payment required.", error.Detail),
        ErrorKind.TooManyRequests => Problem(StatusCodes.Status429TooManyRequests, "Too many requests.", error.Detail),
        ErrorKind.BadGateway => Problem(StatusCodes.Status502BadGateway, "The agent failed.", error.Detail),
        ErrorKind.GatewayTimeout => Problem(StatusCodes.Status504GatewayTimeout, "The agent did not answer in time.", error.Detail),
        ErrorKind.ServiceUnavailable => Problem(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable.", error.Detail),
        _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown error kind."),
    };

    /// <summary>Like <see cref="From(DomainError)"/>, and sets Retry-After when the error says when to come back.</summary>
    public static ProblemHttpResult From(DomainError error, HttpResponse response)
    {
        if (error.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
                .ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return From(error);
    }

    public static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

public static class ResultHttpExtensions
{
    /// <summary>200 with the value, or the error's problem details.</summary>
    public static Results<Ok<T>, ProblemHttpResult> ToOk<T>(this Result<T> result) =>
        result.Match<Results<Ok<T>, ProblemHttpResult>>(value => TypedResults.Ok(value), error => Problems.From(error));

    /// <summary>201 with the value at the location <paramref name="location"/> gives for it, or the error's problem details.</summary>
    public static Results<Created<T>, ProblemHttpResult> ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.Match<Results<Created<T>, ProblemHttpResult>>(value => TypedResults.Created(location(value), value), error => Problems.From(error));
}
