using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace AgentMarketplace.AgentProtocol;

/// <summary>When to stop calling an agent that keeps failing, and for how long.</summary>
public sealed record CircuitBreakerSettings(int MinimumThroughput, double FailureRatio, TimeSpan SamplingDuration, TimeSpan BreakDuration);

public static class AgentHttpClients
{
    /// <summary>Requests carry the circuit they count against (e.g. a deployment id); else the endpoint's authority.</summary>
    public static readonly HttpRequestOptionsKey<string> CircuitKey = new("AgentMarketplace.CircuitKey");

    /// <summary>
    /// A named HttpClient for calling publishers' agents: the SSRF-guarded handler, no HttpClient
    /// timeout (each call sets its own), and optionally a circuit breaker per circuit key, from
    /// Microsoft.Extensions.Http.Resilience. MCP sessions (kept per client name) send through the same
    /// handler pipeline. Without the factory's request logging: every agent call is
    /// recorded by its caller already (monitoring and metrics for the gateway, the verification result),
    /// and the factory's log scope per request costs on the gateway's hot path.
    /// </summary>
    public static IServiceCollection AddAgentHttpClient(
        this IServiceCollection services, string name, Func<IServiceProvider, bool> allowPrivateEndpoints,
        Func<IServiceProvider, CircuitBreakerSettings>? circuitBreaker = null,
        Func<IServiceProvider, IReadOnlyCollection<string>>? allowedPrivateHosts = null)
    {
        var client = services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(sp => EndpointPolicy.CreateHandler(allowPrivateEndpoints(sp), allowedPrivateHosts?.Invoke(sp)));
        if (circuitBreaker is not null)
        {
            client.AddResilienceHandler(name + ".circuit", (pipeline, context) =>
                {
                    var settings = circuitBreaker(context.ServiceProvider);
                    pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        MinimumThroughput = settings.MinimumThroughput,
                        FailureRatio = settings.FailureRatio,
                        SamplingDuration = settings.SamplingDuration,
                        BreakDuration = settings.BreakDuration,
                    });
                })
                .SelectPipelineBy(_ => request =>
                    request.Options.TryGetValue(CircuitKey, out var key) ? key : request.RequestUri?.Authority ?? "");
        }

        services.AddKeyedSingleton(name, (sp, _) => new McpSessions(sp.GetRequiredService<IHttpMessageHandlerFactory>(), name));
        services.AddKeyedScoped(name, (sp, _) => new AgentClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(name), sp.GetRequiredKeyedService<McpSessions>(name)));
        return services;
    }
}
