using Mediator;

namespace AgentMarketplace.Deployment.Contracts;

/// <summary>A user deployed an agent; raised after commit.</summary>
public sealed record DeploymentCreated(Guid DeploymentId, Guid AgentId, Guid UserId, DateTimeOffset CreatedAt) : INotification;

/// <summary>
/// Calls through the gateway were recorded, counted per agent and UTC day, with who made them. At most
/// once: counters for popularity and analytics, not a record to bill from (Billing has usage events).
/// </summary>
public sealed record AgentInvocationsRecorded(IReadOnlyList<AgentInvocationCount> Counts, IReadOnlyList<CallerDay> Callers) : INotification;

/// <summary><paramref name="Errors"/> of the <paramref name="Invocations"/> failed at the agent.</summary>
public sealed record AgentInvocationCount(Guid AgentId, DateOnly Day, int Invocations, int Errors);

public sealed record CallerDay(Guid UserId, DateOnly Day);
