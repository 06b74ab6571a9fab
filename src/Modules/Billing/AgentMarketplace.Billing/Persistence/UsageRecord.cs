namespace AgentMarketplace.Billing.Persistence;

/// <summary>One unit of billable (or recorded, unbillable) usage; its id is the idempotency key.</summary>
internal sealed class UsageRecord
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public Guid DeploymentId { get; init; }
    public Guid AgentId { get; init; }
    public required string Version { get; init; }
    public required string Capability { get; init; }
    public long Units { get; init; }
    public int DurationMs { get; init; }
    public bool Billable { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
    public DateTimeOffset RecordedAt { get; init; }
}
