using System.Text.RegularExpressions;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>The balance of positive and negative lexicon words, with a negator flipping the words just after it.</summary>
internal static partial class SentimentAnalyzer
{
    /// <summary>How many following words a negator reaches: "not very good" is negated, a later clause is not.</summary>
    private const int NegationReach = 3;

    /// <summary>
    /// Score = (positive − negative) / (positive + negative) over the lexicon words found, so it stays within
    /// [-1, 1]; 0 when none are found. Punctuation ends a negation's reach.
    /// </summary>
    public static SentimentReading Analyze(string text)
    {
        var positive = 0;
        var negative = 0;
        var negatedWordsLeft = 0;
        foreach (Match token in Tokens().Matches(text.Replace('\u2019', '\'')))
        {
            if (!token.Groups["word"].Success)
            {
                negatedWordsLeft = 0;
                continue;
            }

            var word = token.Value.Trim('\'').ToLowerInvariant();
            if (word.Length == 0)
            {
                continue;
            }

            if (SentimentLexicon.IsNegator(word))
            {
                negatedWordsLeft = NegationReach;
                continue;
            }

            var polarity = SentimentLexicon.Polarity(word);
            if (negatedWordsLeft > 0)
            {
                polarity = -polarity;
                negatedWordsLeft--;
            }

            positive += polarity > 0 ? 1 : 0;
            negative += polarity < 0 ? 1 : 0;
        }

        var hits = positive + negative;
        return new SentimentReading(hits == 0 ? 0 : Math.Round((double)(positive - negative) / hits, 4));
    }

    /// <summary>Words (letters and apostrophes) and the punctuation that ends a clause.</summary>
    [GeneratedRegex(@"(?<word>[\p{L}']+)|[.,;:!?]")]
    private static partial Regex Tokens();
}
