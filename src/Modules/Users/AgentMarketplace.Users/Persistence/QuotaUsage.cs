namespace AgentMarketplace.Users.Persistence;

/// <summary>
/// Calls and spend admitted for a user in one calendar month (UTC). The gateway moves these
/// counters through the Users contracts, atomically, so quotas hold under concurrency.
/// </summary>
internal sealed class QuotaUsage
{
    public Guid UserId { get; init; }
    public DateOnly Month { get; init; }
    public long Calls { get; set; }
    public long SpendCents { get; set; }
}
