using Microsoft.Extensions.Options;

namespace AgentMarketplace.SampleAgent.A2A;

internal static class AgentCardEndpoint
{
    /// <summary>The well-known path A2A clients discover an agent at.</summary>
    public const string Path = "/.well-known/agent-card.json";

    public static void MapAgentCard(this IEndpointRouteBuilder routes) =>
        routes.MapGet(Path, (HttpRequest request, IOptions<AgentOptions> options) =>
            Results.Json(AgentCard.For(options.Value.PublicBaseUrl(request), options.Value.Version)));
}
