namespace AgentMarketplace.Billing.Persistence;

/// <summary>
/// One unit of billable (or recorded, unbillable) usage; its id is the idempotency key of the gateway's
/// calls. Events a publisher reports in batches also carry the publisher's own key, unique per reporter.
/// </summary>
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
    /// <summary>Who reported the event through the batch route (null for the gateway and the single route).</summary>
    public Guid? ReporterId { get; init; }
    /// <summary>The reporter's Idempotency-Key of the event: unique per reporter, kept as long as the event.</summary>
    public string? IdempotencyKey { get; init; }
}
