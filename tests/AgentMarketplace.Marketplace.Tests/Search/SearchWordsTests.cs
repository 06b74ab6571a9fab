using AgentMarketplace.Marketplace.Search;

namespace AgentMarketplace.Marketplace.Tests.Search;

public sealed class SearchWordsTests
{
    [Fact]
    public void Words_are_runs_of_letters_and_digits_each_once()
    {
        Assert.Equal(["summarize", "pdf", "2024", "café"], SearchWords.Split("summarize, PDF?! 2024 café summarize".ToLowerInvariant()));
    }

    [Fact]
    public void Query_syntax_is_just_text()
    {
        Assert.Equal(["a", "b", "drop", "table"], SearchWords.Split("a & !b | 'drop table'"));
    }

    [Fact]
    public void At_most_twelve_words_count()
    {
        var words = SearchWords.Split(string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")));

        Assert.Equal(12, words.Count);
        Assert.Equal("w12", words[^1]);
    }

    [Fact]
    public void Every_word_must_match_as_a_prefix() =>
        Assert.Equal("summ:* & pdf:*", SearchWords.PrefixQuery(["summ", "pdf"]));
}
