namespace AgentMarketplace.Users.Persistence;

/// <summary>
/// Calls and spend of a user's month held by one gateway instance (<see cref="Holder"/>), which admits
/// calls from them without asking the database each time. Counted against the limits until it lapses
/// at <see cref="ExpiresAt"/>, so a holder that dies cannot keep its share.
/// </summary>
internal sealed class HeldQuota
{
    public Guid UserId { get; init; }
    public DateOnly Month { get; init; }
    public Guid Holder { get; init; }
    public long Calls { get; set; }
    public long SpendCents { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
