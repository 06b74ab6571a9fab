using System.Text.RegularExpressions;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>
/// Extractive summary: sentences are scored by how frequent their non-stopword words are across
/// the whole text, and the best ones are kept in their original order.
/// </summary>
internal static partial class ExtractiveSummarizer
{
    /// <summary>
    /// A sentence's score is the sum, over its non-stopword words, of each word's frequency in the text,
    /// so sentences about the text's recurring subject win. Ties go to the earlier sentence.
    /// </summary>
    public static Summary Summarize(string text, int maxSentences)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSentences, 1);

        var sentences = SplitSentences(text);
        var contentWords = sentences.Select(ContentWords).ToList();
        var frequency = contentWords.SelectMany(words => words)
            .GroupBy(word => word, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

        var kept = contentWords
            .Select((words, index) => (Index: index, Score: words.Sum(word => frequency[word])))
            .OrderByDescending(sentence => sentence.Score)
            .ThenBy(sentence => sentence.Index)
            .Take(maxSentences)
            .Select(sentence => sentence.Index)
            .Order()
            .Select(index => sentences[index])
            .ToList();
        return new Summary(string.Join(" ", kept), kept.Count);
    }

    /// <summary>Sentences end at '.', '!' or '?' followed by whitespace, or at a blank line.</summary>
    internal static IReadOnlyList<string> SplitSentences(string text) =>
        [.. SentenceBreaks().Split(text.Trim()).Select(sentence => sentence.Trim()).Where(sentence => sentence.Length > 0)];

    private static List<string> ContentWords(string sentence) =>
        [.. Words().Matches(sentence).Select(match => match.Value.ToLowerInvariant()).Where(word => !Stopwords.Contains(word))];

    [GeneratedRegex(@"(?<=[.!?])\s+|\n\s*\n")]
    private static partial Regex SentenceBreaks();

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Words();
}
