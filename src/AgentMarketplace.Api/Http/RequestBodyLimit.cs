using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Api.Http;

internal sealed class PlatformOptions
{
    public const string SectionName = "Platform";

    /// <summary>Largest request body accepted, in bytes (1 MiB by default).</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    public string? DataDirectory { get; set; }
}

internal static class RequestBodyLimit
{
    /// <summary>
    /// Refuses a declared-too-large body with 413 before reading it, and caps undeclared (chunked)
    /// bodies through the server's own limit, which ends the read with a 413 too.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var max = http.RequestServices.GetRequiredService<IOptions<PlatformOptions>>().Value.MaxRequestBodyBytes;
            if (http.Request.ContentLength > max)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "Request body too large.",
                        Detail = $"The request body may be at most {max} bytes.",
                    },
                });
                return;
            }

            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = max;
            }

            await next(http);
        });
}
