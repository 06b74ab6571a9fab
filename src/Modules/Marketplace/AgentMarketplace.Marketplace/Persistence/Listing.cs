using AgentMarketplace.BuildingBlocks.Paging;

namespace AgentMarketplace.Marketplace.Persistence;

internal static class ListingStatus
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
}

/// <summary>
/// An agent's place in the marketplace: one per agent, visible in search only while published. The
/// row is also the search document: the Registry's catalog fields are a copy kept current from its
/// notifications, the rating and popularity columns are maintained here, so a search reads one table.
/// No row-version check: counters update these rows all the time, and every edit here writes only the
/// columns it changes, so none of them can undo another.
/// </summary>
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
    public List<ListingPrice> Prices { get; init; } = [];

    // The Registry's catalog entry, as of CatalogChangedAt.
    public string Name { get; set; } = "";
    public string Summary { get; set; } = "";
    public List<string> Categories { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    /// <summary>The latest deployable version's capability names, lower-cased (for filtering).</summary>
    public List<string> Capabilities { get; set; } = [];
    /// <summary>Tags, categories and capability names as words: the middle-weight part of the search document.</summary>
    public string Keywords { get; set; } = "";
    public string? LatestVersion { get; set; }
    /// <summary>The agent has a deployable (verified, not deprecated) version now.</summary>
    public bool Verified { get; set; }
    public DateTimeOffset CatalogChangedAt { get; set; }

    // The pricing plan in force (the newest of Prices whose EffectiveFrom has passed).
    /// <summary>JSON (jsonb) <see cref="Listings.PricingPlan"/>.</summary>
    public string Pricing { get; set; } = "{}";
    public string PricingModel { get; set; } = "";
    /// <summary>The plan's headline price (<see cref="Listings.PricingPlan.HeadlineCents"/>): what price sort and filter use.</summary>
    public long PriceCents { get; set; }
    public DateTimeOffset PricingFrom { get; set; }

    // Rating aggregates, changed only in the transaction that changes a review.
    public int RatingCount { get; set; }
    public long RatingSum { get; set; }
    /// <summary>Generated: the plain average, null without reviews.</summary>
    public double? RatingAverage { get; private set; }
    /// <summary>Generated: the Bayesian average (<see cref="Reviews.BayesianRating"/>) that rating sort uses.</summary>
    public double RatingScore { get; private set; }

    /// <summary>Deployments plus invocations over the last 30 days.</summary>
    public long Popularity { get; set; }

    // The latest version's reliability over the last 7 days, from Deployment's announcements (a copy of
    // VersionReliabilityCopy for LatestVersion); null while it has fewer calls than the minimum.
    public long? ReliabilityCalls { get; set; }
    public double? ReliabilitySuccessRate { get; set; }
    public int? ReliabilityP50Ms { get; set; }
    public int? ReliabilityP95Ms { get; set; }
    /// <summary>Generated: what reliability sort orders by (<see cref="Catalog.ReliabilityScore"/>); -1 without figures.</summary>
    public double ReliabilityScore { get; private set; }
}

/// <summary>
/// Each agent version's reliability over the last 7 days as Deployment last announced it (null figures below its
/// minimum of calls): listings copy their latest version's, also when the latest version changes.
/// </summary>
internal sealed class VersionReliabilityCopy
{
    public Guid AgentId { get; init; }
    public required string Version { get; init; }
    public long? Calls { get; set; }
    public double? SuccessRate { get; set; }
    public int? P50LatencyMs { get; set; }
    public int? P95LatencyMs { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
}

/// <summary>
/// A published listing's full-text document, popularity and every column a search filters on, copied from
/// <c>listings</c> by triggers in the same transaction as the change (SearchDocuments, SearchDocumentPopularity,
/// SearchReliabilityCopies and SearchDocumentFilters migrations); the application never writes it. Relevance
/// finds its candidates here (walking the popularity index for a word most listings have, reading the matches
/// above a popularity floor, or reading every match); these narrow rows cost a fraction of the listings' wide
/// ones to read, and a filter's or the floor's index can narrow the text index's matches before any row is
/// read (see docs/adr/0003-search-ranking.md). The document stays out of the popularity
/// index: a long description's document is larger than a B-tree entry may be.
/// </summary>
internal sealed class SearchDocument
{
    /// <summary>The listing's id.</summary>
    public Guid Id { get; init; }
}

/// <summary>
/// One of a published listing's categories, tags or capability names, kept by a trigger in the same
/// transaction as the change (created in the SearchFacets migration); the application never writes it.
/// A search filtered by one of them alone counts its total from this B-tree (index-only) instead of
/// visiting every matching listing's row.
/// </summary>
internal sealed class SearchFacet
{
    /// <summary><c>category</c>, <c>tag</c> or <c>capability</c>.</summary>
    public required string Kind { get; init; }
    public required string Value { get; init; }
    public Guid ListingId { get; init; }
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

/// <summary>One review per user per agent (unique); only users who deployed the agent may write one.</summary>
internal sealed class Review : IKeysetRow
{
    public Guid Id { get; init; }
    public Guid AgentId { get; init; }
    public Guid UserId { get; init; }
    public required string AuthorName { get; init; }
    public int Rating { get; set; }
    /// <summary>The version the author's latest successful call went to when the review was written.</summary>
    public string? Version { get; set; }
    /// <summary>
    /// The author had called the agent successfully: only such reviews count in the agent's rating
    /// (reviews written before the rule keep false and do not count).
    /// </summary>
    public bool VerifiedUse { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? Reply { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>
/// An agent's rating aggregates, kept exact by changing them with the review in one transaction, as
/// increments under the row's lock (never recounted from a snapshot another writer may be changing).
/// </summary>
internal sealed class AgentRating
{
    public Guid AgentId { get; init; }
    public int Count { get; set; }
    public long Sum { get; set; }
    public int Stars1 { get; set; }
    public int Stars2 { get; set; }
    public int Stars3 { get; set; }
    public int Stars4 { get; set; }
    public int Stars5 { get; set; }
}

/// <summary>Deployments and invocations of an agent per UTC day, counted from Deployment's notifications.</summary>
internal sealed class AgentActivity
{
    public Guid AgentId { get; init; }
    public DateOnly Day { get; init; }
    public long Deployments { get; set; }
    public long Invocations { get; set; }
}
