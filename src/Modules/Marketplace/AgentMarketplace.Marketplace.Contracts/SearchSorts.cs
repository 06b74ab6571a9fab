namespace AgentMarketplace.Marketplace.Contracts;

/// <summary>The orders marketplace search offers (`sort=`), for the REST route and every edge that describes it.</summary>
public static class SearchSorts
{
    public const string Relevance = "relevance";
    public const string Rating = "rating";
    public const string Popular = "popular";
    public const string Newest = "newest";
    public const string Price = "price";
    public const string Reliability = "reliability";

    public static readonly IReadOnlyList<string> All = [Relevance, Rating, Popular, Newest, Price, Reliability];
}
