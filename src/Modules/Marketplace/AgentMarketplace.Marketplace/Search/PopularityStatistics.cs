namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// The last <see cref="PopularityDistribution"/> read from PostgreSQL's statistics, shared by every search for
/// a minute: the statistics change only when the table is analyzed, and reading the pg_stats view costs
/// about as much as the rest of a relevance search's planning round trip.
/// </summary>
internal sealed class PopularityStatistics(TimeProvider clock)
{
    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(1);

    // One reference, written whole: a search reads either the last distribution or the one before.
    private Reading? _last;

    /// <summary>The distribution read less than a minute ago, or null when it is time to read it again.</summary>
    public PopularityDistribution? Current => _last is { } last && clock.GetUtcNow() - last.ReadAt < Kept ? last.Distribution : null;

    public void Keep(PopularityDistribution distribution) => _last = new Reading(distribution, clock.GetUtcNow());

    private sealed record Reading(PopularityDistribution Distribution, DateTimeOffset ReadAt);
}
