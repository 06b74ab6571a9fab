using AgentMarketplace.SampleAgent.Faults;

namespace AgentMarketplace.SampleAgent;

internal static class HealthEndpoint
{
    public static void MapHealth(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/health", (FaultSwitches faults) => faults.Current.Unhealthy
            ? Results.Json(new { status = "unhealthy" }, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Json(new { status = "ok" }));
}
