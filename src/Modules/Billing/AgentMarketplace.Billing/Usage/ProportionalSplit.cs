namespace AgentMarketplace.Billing.Usage;

/// <summary>Money split in proportion, to the cent: the parts always add up to the whole.</summary>
internal static class ProportionalSplit
{
    /// <summary>Splits <paramref name="total"/> in proportion to <paramref name="weights"/>, largest remainders first, so the parts add up exactly.</summary>
    public static long[] Allocate(long total, IReadOnlyList<long> weights)
    {
        var sum = weights.Sum();
        var parts = new long[weights.Count];
        if (sum == 0)
        {
            return parts;
        }

        var remainders = new (long Remainder, int Index)[weights.Count];
        for (var i = 0; i < weights.Count; i++)
        {
            parts[i] = (long)((Int128)total * weights[i] / sum);
            remainders[i] = ((long)((Int128)total * weights[i] % sum), i);
        }

        var left = total - parts.Sum();
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)left))
        {
            parts[index]++;
        }

        return parts;
    }
}
