using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Domain;
using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>
/// Calls <paramref name="Capability"/> of the user's deployment through the gateway: the same path as
/// `POST /api/v1/deployments/{id}/invoke` (the request's rules, quotas, spend limit, rate limit, metering,
/// monitoring and circuit breaker). A refusal is the <see cref="DomainError"/> that route answers as a
/// problem: its kind says the status, <see cref="DomainError.RetryAfter"/> when to come back.
/// </summary>
public sealed record InvokeDeployment(Guid UserId, Guid DeploymentId, string? Capability, JsonNode? Input)
    : ICommand<Result<DeploymentInvocation>>;

/// <summary>
/// What the agent answered: its output, the units the call is charged for (and what the agent claimed when
/// that was more), and how long the agent took.
/// </summary>
public sealed record DeploymentInvocation(JsonNode? Output, long Units, long? ClaimedUnits, long LatencyMs);
