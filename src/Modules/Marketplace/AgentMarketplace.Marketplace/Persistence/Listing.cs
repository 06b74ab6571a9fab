namespace AgentMarketplace.Marketplace.Persistence;

internal static class ListingStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
}

/// <summary>An agent's place in the marketplace: one per agent, visible in search only while published.</summary>
internal sealed class Listing
{
    public Guid Id { get; init; }
    public Guid AgentId { get; init; }
    public Guid OwnerId { get; init; }
    public required string AgentSlug { get; init; }
    public string Status { get; set; } = ListingStatus.Draft;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public uint RowVersion { get; set; }
    public List<ListingPrice> Prices { get; init; } = [];
}

/// <summary>
/// A pricing plan and the moment it takes effect. Rows are only added, so the price in force at any
/// past moment stays answerable (Billing prices usage at the price of its time).
/// </summary>
internal sealed class ListingPrice
{
    public Guid ListingId { get; init; }
    public DateTimeOffset EffectiveFrom { get; init; }
    /// <summary>JSON (jsonb) <see cref="Listings.PricingPlan"/>.</summary>
    public required string Pricing { get; set; }
}
