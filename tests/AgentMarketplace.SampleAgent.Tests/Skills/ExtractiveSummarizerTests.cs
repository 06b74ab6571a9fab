using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Tests.Skills;

public class ExtractiveSummarizerTests
{
    // Non-stopword frequencies: cats 3, pets 2, every other word 1. Sentence scores: 6, 3, 12, 3.
    private const string CatText =
        "Cats are great pets. The weather is cold today. Many people keep cats as pets because cats are calm. Trains run on time.";

    [Fact]
    public void Summarize_keeps_the_highest_scoring_sentences_in_original_order()
    {
        var summary = ExtractiveSummarizer.Summarize(CatText, 2);

        Assert.Equal("Cats are great pets. Many people keep cats as pets because cats are calm.", summary.Text);
        Assert.Equal(2, summary.Sentences);
    }

    [Fact]
    public void Summarize_respects_maxSentences()
    {
        var summary = ExtractiveSummarizer.Summarize(CatText, 1);

        Assert.Equal("Many people keep cats as pets because cats are calm.", summary.Text);
        Assert.Equal(1, summary.Sentences);
    }

    [Fact]
    public void Summarize_breaks_ties_in_favour_of_the_earlier_sentence()
    {
        var summary = ExtractiveSummarizer.Summarize("Red apples fall. Green pears ripen. Blue plums drop.", 2);

        Assert.Equal("Red apples fall. Green pears ripen.", summary.Text);
    }

    [Fact]
    public void Summarize_returns_every_sentence_when_there_are_fewer_than_maxSentences()
    {
        var summary = ExtractiveSummarizer.Summarize("Only one sentence here!  And a question?", 10);

        Assert.Equal("Only one sentence here! And a question?", summary.Text);
        Assert.Equal(2, summary.Sentences);
    }

    [Fact]
    public void Summarize_of_empty_text_is_empty()
    {
        var summary = ExtractiveSummarizer.Summarize("   ", 2);

        Assert.Equal("", summary.Text);
        Assert.Equal(0, summary.Sentences);
    }

    [Fact]
    public void SplitSentences_splits_at_end_punctuation_and_blank_lines() =>
        Assert.Equal(
            ["First one.", "Second one!", "Third one?", "A heading", "Last line"],
            ExtractiveSummarizer.SplitSentences("First one. Second one! Third one?\nA heading\n\nLast line"));
}
