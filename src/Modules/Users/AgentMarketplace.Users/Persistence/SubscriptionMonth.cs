namespace AgentMarketplace.Users.Persistence;

/// <summary>
/// A user's month of a subscribed agent, for the spend limit: the first call of the month brings the
/// monthly fee, and units past the included ones their price, so the month's units so far tell what
/// the next call costs. Written only with the quota use that it prices.
/// </summary>
internal sealed class SubscriptionMonth
{
    public Guid UserId { get; init; }
    public DateOnly Month { get; init; }
    public Guid AgentId { get; init; }
    public long Units { get; set; }
}
