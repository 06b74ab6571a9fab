namespace AgentMarketplace.Marketplace.Catalog;

/// <summary>
/// Reliability order is the lower bound of the 95% Wilson interval of the success rate (z = 1.96): 100% of 20
/// calls (0.84) ranks below 99.9% of 100,000 (0.998), and every listing without figures (fewer calls than the
/// minimum) ranks after every listing with them (-1). Like the rating score, a stored, indexable column.
/// </summary>
internal static class ReliabilityScore
{
    public static string Sql(string rateColumn, string callsColumn)
    {
        var n = $"{callsColumn}::float8";
        var p = rateColumn;
        // (p + z²/2n − z·√((p(1−p) + z²/4n) / n)) / (1 + z²/n)
        return $"CASE WHEN {p} IS NULL OR coalesce({callsColumn}, 0) = 0 THEN -1::float8 "
            + $"ELSE ({p} + 1.9208 / {n} - 1.96 * sqrt(({p} * (1 - {p}) + 0.9604 / {n}) / {n})) / (1 + 3.8416 / {n}) END";
    }
}
