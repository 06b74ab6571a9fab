namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// A host whose relevance ranks only the three most popular matches, so a handful of listings has a
/// tail, which counts totals only up to three, and which finds its candidates by reading every match; a
/// popularity floor, where a subclass uses one, keeps just enough matches by the statistics' estimate (margin 1).
/// </summary>
public class ThreeRankedMatchesFactory : MarketplaceApiFactory
{
    protected virtual string CandidateSearch => "Visit";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Marketplace:RankedMatches"] = "3",
        ["Marketplace:CountedMatches"] = "3",
        ["Marketplace:CandidateSearch"] = CandidateSearch,
        ["Marketplace:PopularityFloorMargin"] = "1",
    };
}
