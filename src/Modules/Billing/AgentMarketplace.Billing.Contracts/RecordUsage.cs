using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;

namespace AgentMarketplace.Billing.Contracts;

/// <summary>
/// Usage to bill, recorded durably before the caller's response. Idempotent by <see cref="UsageEvent.Id"/>:
/// an event recorded twice is counted once. With <paramref name="Batch"/>, the insert is added to it and
/// commits when its owner executes it, together with the owner's other writes; without, it is written
/// now, in the sender's transaction on Billing's context if there is one.
/// </summary>
public sealed record RecordUsage(IReadOnlyList<UsageEvent> Events, WriteBatch? Batch = null) : ICommand;

/// <summary>One call's usage. Calls the agent failed are kept with Billable false and never priced.</summary>
public sealed record UsageEvent(
    Guid Id, Guid UserId, Guid DeploymentId, Guid AgentId, string Version, string Capability,
    long Units, int DurationMs, bool Billable, DateTimeOffset OccurredAt);
