using System.Collections.Frozen;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>Common English function words: frequent everywhere, so they say nothing about what a text is about.</summary>
internal static class Stopwords
{
    private static readonly FrozenSet<string> Words = new[]
    {
        "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "because", "been", "before", "being", "but", "by", "can", "could", "did", "do", "does",
        "for", "from", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in",
        "into", "is", "it", "it's", "its", "just", "me", "more", "most", "my", "no", "nor", "not", "of",
        "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so",
        "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what",
        "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="word"/> (lower case) is a stopword.</summary>
    public static bool Contains(string word) => Words.Contains(word);
}
