using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Tests.Skills;

public class WordCounterTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   \t\n ", 0)]
    [InlineData("one", 1)]
    [InlineData("The quick brown fox jumps over the lazy dog", 9)]
    [InlineData("  leading, trailing   and\tmixed\nwhitespace  ", 5)]
    [InlineData("don't split-hyphens or 3.14", 4)]
    public void CountWords_counts_whitespace_separated_tokens(string text, int expected) =>
        Assert.Equal(expected, WordCounter.CountWords(text));
}
