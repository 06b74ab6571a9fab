using AgentMarketplace.Marketplace.Search;

namespace AgentMarketplace.Marketplace.Tests.Search;

public sealed class SummaryTests
{
    [Fact]
    public void A_short_description_is_its_own_summary()
    {
        var description = new string('a', 240);

        Assert.Same(description, ListingColumns.Summarize(description));
    }

    [Fact]
    public void A_long_description_is_cut_at_a_word_boundary()
    {
        var description = string.Join(' ', Enumerable.Repeat("word", 100));

        var summary = ListingColumns.Summarize(description);

        Assert.EndsWith("word…", summary, StringComparison.Ordinal);
        Assert.True(summary.Length <= 241, summary);
        Assert.StartsWith(summary[..^1], description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_description_without_a_late_space_is_cut_at_the_limit()
    {
        var description = "short " + new string('x', 400);

        Assert.Equal(description[..240] + "…", ListingColumns.Summarize(description));
    }
}
