namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// How popularity is spread over the search documents, as PostgreSQL's statistics describe a column: its
/// most common values with the share of rows holding each, and a histogram of the other rows in buckets
/// of equal share. Relevance asks it for a popularity floor: the highest popularity that a given share of
/// the documents reaches.
/// </summary>
/// <remarks>
/// Why a floor: relevance ranks the most popular matches, and a common word matches thousands. If the
/// matches are spread over popularity as the catalogue is, the floor that (margin × candidates ÷ expected
/// matches) of the documents reach keeps about margin × candidates of them, and PostgreSQL can AND the
/// popularity index's range with the text index before reading a row. That holds the rows read near a
/// constant however large the catalogue. Statistics are estimates: a floor that keeps fewer matches than
/// the candidates needs a second query without it (docs/adr/0003-search-ranking.md).
/// </remarks>
internal sealed record PopularityDistribution(long[] CommonValues, float[] CommonShares, long[] Bounds)
{
    /// <summary>The estimated share (0–1) of documents whose popularity is at least <paramref name="popularity"/>.</summary>
    public double ShareAtLeast(long popularity)
    {
        double share = 0;
        for (var i = 0; i < CommonValues.Length; i++)
        {
            share += CommonValues[i] >= popularity ? CommonShares[i] : 0;
        }

        if (Bounds.Length < 2)
        {
            return share;
        }

        // Within a bucket, its rows are taken as spread evenly between its bounds.
        var buckets = Bounds.Length - 1;
        var above = popularity <= Bounds[0] ? buckets
            : popularity > Bounds[^1] ? 0
            : BucketsAbove(popularity, buckets);
        return share + Math.Max(0, 1 - CommonShares.Sum()) * above / buckets;
    }

    /// <summary>
    /// The highest popularity, among those the statistics name, that at least <paramref name="share"/> of the
    /// documents reach; null when only the lowest does (a floor there keeps everything) or nothing is known.
    /// </summary>
    public long? FloorKeeping(double share)
    {
        var known = Bounds.Concat(CommonValues).Distinct().OrderDescending().ToList();
        foreach (var popularity in known)
        {
            if (ShareAtLeast(popularity) >= share)
            {
                return popularity == known[^1] ? null : popularity;
            }
        }

        return null;
    }

    private double BucketsAbove(long popularity, int buckets)
    {
        var bucket = Array.FindLastIndex(Bounds, b => b < popularity);
        return buckets - bucket - 1 + (double)(Bounds[bucket + 1] - popularity) / (Bounds[bucket + 1] - Bounds[bucket]);
    }
}
