using AgentMarketplace.Marketplace.Persistence;
using AgentMarketplace.Registry.Contracts;

namespace AgentMarketplace.Marketplace.Catalog;

/// <summary>How the Registry's view of an agent becomes the searchable part of its listing.</summary>
internal static class CatalogCopy
{
    public static void Apply(Listing listing, AgentSummaryAnswer agent, DateTimeOffset changedAt)
    {
        listing.Name = agent.Name;
        listing.Summary = agent.Description;
        listing.Categories = Lowered(agent.Categories);
        listing.Tags = Lowered(agent.Tags);
        listing.Capabilities = Lowered(agent.CapabilityNames);
        listing.Keywords = KeywordsOf(agent);
        listing.LatestVersion = agent.LatestVersion;
        listing.Verified = agent.LatestVersion is not null;
        listing.CatalogChangedAt = changedAt;
    }

    /// <summary>The tags, categories and capability names, each as <see cref="SearchableWords"/>.</summary>
    public static string KeywordsOf(AgentSummaryAnswer agent) =>
        string.Join(' ', agent.Tags.Concat(agent.Categories).Concat(agent.CapabilityNames).Select(SearchableWords));

    /// <summary>
    /// A facet value as its listing's document holds it: capability names like `word_count` or `text.summarize` are
    /// split so each word is searchable. Search relies on it to know which words a facet implies.
    /// </summary>
    public static string SearchableWords(string value) => value.Replace('_', ' ').Replace('.', ' ');

    private static List<string> Lowered(IEnumerable<string> values) => values.Select(v => v.ToLowerInvariant()).Distinct().ToList();
}
