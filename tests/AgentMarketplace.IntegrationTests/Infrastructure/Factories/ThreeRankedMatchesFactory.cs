namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// A host whose relevance ranks only the three most popular matches, so a handful of listings has a
/// tail, which counts totals only up to three, and which finds its candidates by visiting every match.
/// </summary>
public class ThreeRankedMatchesFactory : MarketplaceApiFactory
{
    protected virtual string PopularityWalk => "Never";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Marketplace:RankedMatches"] = "3",
        ["Marketplace:CountedMatches"] = "3",
        ["Marketplace:PopularityWalk"] = PopularityWalk,
    };
}
