using Mediator;

namespace AgentMarketplace.Billing.Contracts;

/// <summary>
/// Usage to bill, recorded durably before the caller's response. Idempotent by <see cref="UsageEvent.Id"/>:
/// an event recorded twice is counted once.
/// </summary>
public sealed record RecordUsage(IReadOnlyList<UsageEvent> Events) : ICommand;

/// <summary>One call's usage. Calls the agent failed are kept with Billable false and never priced.</summary>
public sealed record UsageEvent(
    Guid Id, Guid UserId, Guid DeploymentId, Guid AgentId, string Version, string Capability,
    long Units, int DurationMs, bool Billable, DateTimeOffset OccurredAt);
