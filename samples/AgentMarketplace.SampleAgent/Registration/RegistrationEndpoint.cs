using Microsoft.Extensions.Options;

namespace AgentMarketplace.SampleAgent.Registration;

internal static class RegistrationEndpoint
{
    public static void MapRegistration(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/registration.json", (HttpRequest request, IOptions<AgentOptions> options) =>
            Results.Json(VersionRegistration.For(options.Value.PublicBaseUrl(request), options.Value.Version)));
}
