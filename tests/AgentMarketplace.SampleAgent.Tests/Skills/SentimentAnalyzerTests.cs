using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Tests.Skills;

public class SentimentAnalyzerTests
{
    [Theory]
    [InlineData("This is a great product.", "positive", 1.0)]
    [InlineData("The service was terrible and slow.", "negative", -1.0)]
    [InlineData("The meeting is on Tuesday.", "neutral", 0.0)]
    [InlineData("", "neutral", 0.0)]
    public void Analyze_labels_clear_sentences(string text, string label, double score)
    {
        var reading = SentimentAnalyzer.Analyze(text);

        Assert.Equal(label, reading.Label);
        Assert.Equal(score, reading.Score);
    }

    [Theory]
    [InlineData("The food was not good.", "negative")]
    [InlineData("It is not bad at all.", "positive")]
    [InlineData("The update isn't helpful.", "negative")]
    [InlineData("The update isn\u2019t helpful.", "negative")]
    [InlineData("I never had a problem with it.", "positive")]
    [InlineData("This is not very good.", "negative")]
    public void Analyze_flips_words_after_a_negation(string text, string label) =>
        Assert.Equal(label, SentimentAnalyzer.Analyze(text).Label);

    [Fact]
    public void Analyze_ends_a_negation_at_punctuation() =>
        Assert.Equal("positive", SentimentAnalyzer.Analyze("Not today. Good work!").Label);

    [Fact]
    public void Analyze_scores_the_balance_of_positive_and_negative_words()
    {
        var reading = SentimentAnalyzer.Analyze("I love the design, but the battery is terrible and the app is slow.");

        Assert.Equal("negative", reading.Label);
        Assert.Equal(-0.3333, reading.Score);
    }

    [Fact]
    public void Analyze_is_case_insensitive() =>
        Assert.Equal(1.0, SentimentAnalyzer.Analyze("EXCELLENT! Simply Wonderful.").Score);
}
