using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentMarketplace.SampleAgent.Faults;

/// <summary><c>GET</c> and <c>PUT /control/faults</c>: the documented test-control plane.</summary>
internal static class FaultControlEndpoints
{
    public const string Path = "/control/faults";

    // Strict so that a typo such as "delay" or "unhealthy": null is refused instead of silently meaning "off".
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static void MapFaultControl(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, (FaultSwitches faults) => Results.Json(faults.Current));
        routes.MapPut(Path, ReplaceAsync);
    }

    private static async Task<IResult> ReplaceAsync(HttpRequest request, FaultSwitches faults, CancellationToken ct)
    {
        FaultSettings? settings;
        try
        {
            settings = await JsonSerializer.DeserializeAsync<FaultSettings>(request.Body, Strict, ct);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new { error = $"The body is not a fault settings object {{unhealthy, brokenCapabilities, delayMs}}: {e.Message}" });
        }

        if (settings is null)
        {
            return Results.BadRequest(new { error = "The body must be a fault settings object {unhealthy, brokenCapabilities, delayMs}." });
        }

        if (settings.Problem() is { } problem)
        {
            return Results.BadRequest(new { error = problem });
        }

        faults.Replace(settings);
        return Results.Json(settings);
    }
}
