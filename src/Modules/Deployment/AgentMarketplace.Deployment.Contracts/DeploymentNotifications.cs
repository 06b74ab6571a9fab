using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>A user deployed an agent; raised after commit.</summary>
public sealed record DeploymentCreated(Guid DeploymentId, Guid AgentId, Guid UserId, DateTimeOffset CreatedAt) : INotification;

/// <summary>
/// Calls through the gateway were recorded, counted per agent and UTC day. At most once: a counter for
/// popularity, not a record to bill from (Billing has its own usage events).
/// </summary>
public sealed record AgentInvocationsRecorded(IReadOnlyList<AgentInvocationCount> Counts) : INotification;

public sealed record AgentInvocationCount(Guid AgentId, DateOnly Day, int Invocations);
