using System.Globalization;
using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace AgentMarketplace.Api.Database;

/// <summary>
/// While <see cref="DatabaseCircuit"/> knows PostgreSQL is down, a request for a module's route is answered
/// 503 before anything else runs (authentication included): every module route needs the database then,
/// since caches read through while their invalidations cannot be heard. An answer that costs next to
/// nothing keeps the process responsive — liveness, metrics — however hard clients retry. Routes outside
/// the modules (health, metrics) run as always. Requests that meet the outage further in (before the
/// circuit has opened) get the same answer from the exception handler.
/// </summary>
internal static class DatabaseOutageShedding
{
    public static IApplicationBuilder UseDatabaseOutageShedding(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var database = http.RequestServices.GetRequiredService<DatabaseCircuit>();
        if (database.IsClosed || http.GetEndpoint()?.Metadata.GetMetadata<ITagsMetadata>() is null)
        {
            await next(http);
            return;
        }

        var problem = Problem(http, database);
        http.Response.StatusCode = problem.Status!.Value;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = problem,
        });
    });

    /// <summary>The 503 for a database that cannot be reached; sets Retry-After on the response.</summary>
    public static ProblemDetails Problem(HttpContext http, DatabaseCircuit database)
    {
        var seconds = (int)Math.Ceiling(database.RetryAfter.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable.",
            Detail = $"The database cannot be reached right now; retry after {seconds} s.",
        };
    }
}
