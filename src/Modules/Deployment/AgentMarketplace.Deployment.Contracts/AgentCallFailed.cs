using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>
/// A gateway call failed at the agent (502, 503, 504). <paramref name="Error"/> is a sanitized summary:
/// never the call's input, the agent's output or the deployment's config.
/// </summary>
public sealed record AgentCallFailed(
    Guid DeploymentId, Guid AgentId, Guid UserId, string Capability, int Status, string Error, string TraceId, DateTimeOffset At) : INotification;
