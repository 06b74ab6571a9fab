using System.Diagnostics;
using Serilog.Context;

namespace AgentMarketplace.Api.Observability;

/// <summary>
/// Each request's correlation id: the caller's `X-Correlation-Id` when it is sane, else the trace id.
/// Echoed in the response header, pushed onto every log event and put in every problem body.
/// </summary>
internal static class CorrelationId
{
    public const string HeaderName = "X-Correlation-Id";
    private const string ItemKey = "CorrelationId";

    public static string Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var value) && value is string id ? id : http.TraceIdentifier;

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            var incoming = http.Request.Headers[HeaderName].ToString();
            var id = IsSane(incoming) ? incoming : Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            http.Items[ItemKey] = id;
            // Set when the response starts: the exception handler clears headers before a 500.
            http.Response.OnStarting(() =>
            {
                http.Response.Headers[HeaderName] = id;
                return Task.CompletedTask;
            });
            using (LogContext.PushProperty(ItemKey, id))
            {
                await next(http);
            }
        });

    /// <summary>Short and plain, so a hostile header cannot forge log lines or bloat them.</summary>
    private static bool IsSane(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
