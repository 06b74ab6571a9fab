using AgentMarketplace.Registry.A2A;

namespace AgentMarketplace.Registry.Tests;

public sealed class AgentCardImportTests
{
    [Theory]
    [InlineData("Currency Agent", "currency-agent")]
    [InlineData("  Travel  Planner (beta)! ", "travel-planner-beta")]
    [InlineData("Zoë's Agent", "zo-s-agent")]
    [InlineData("currency conversion", "currency-conversion")]
    public void Names_become_slugs(string name, string slug) => Assert.Equal(slug, AgentCardImport.Slugify(name));

    [Fact]
    public void Slugs_are_cut_to_64_characters_without_a_trailing_dash() =>
        Assert.Equal(new string('a', 63), AgentCardImport.Slugify(new string('a', 63) + " bcd"));
}
