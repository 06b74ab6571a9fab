namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// A log-scale latency histogram, the sketch reliability's percentiles come from: bucket 0 holds calls under
/// 1 ms, bucket b ≥ 1 those from 1.2^(b−1) up to 1.2^b ms. A percentile is the geometric middle of the bucket
/// it falls in, so it is within ±10% (√1.2 − 1) of the exact one, from a few rows per version and day however
/// many calls there were. 128 buckets reach far past any timeout.
/// </summary>
internal static class LatencyBuckets
{
    public const short Last = 127;

    private static readonly double LogBase = Math.Log(1.2);

    public static short Of(int latencyMs) =>
        latencyMs < 1 ? (short)0 : (short)Math.Min(Last, 1 + (int)Math.Floor(Math.Log(latencyMs) / LogBase + 1e-9));

    public static int Representative(short bucket) => bucket == 0 ? 0 : (int)Math.Round(Math.Pow(1.2, bucket - 0.5));

    /// <summary>The nearest-rank <paramref name="quantile"/> of a histogram (bucket → count, in bucket order), as its bucket's representative.</summary>
    public static int Percentile(IReadOnlyList<(short Bucket, long Count)> histogram, double quantile)
    {
        var total = histogram.Sum(h => h.Count);
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(quantile * total));
        long seen = 0;
        foreach (var (bucket, count) in histogram)
        {
            seen += count;
            if (seen >= rank)
            {
                return Representative(bucket);
            }
        }

        return Representative(histogram[^1].Bucket);
    }
}
