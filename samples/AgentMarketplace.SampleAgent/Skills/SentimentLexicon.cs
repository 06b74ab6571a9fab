using System.Collections.Frozen;

namespace AgentMarketplace.SampleAgent.Skills;

/// <summary>A deliberately small, lower-case word list: enough for clear product-review sentences, and predictable.</summary>
internal static class SentimentLexicon
{
    private static readonly FrozenSet<string> Positive = new[]
    {
        "amazing", "awesome", "beautiful", "best", "better", "brilliant", "calm", "clean", "delighted", "easy",
        "enjoy", "enjoyed", "excellent", "fantastic", "fast", "friendly", "fun", "glad", "good", "great",
        "happy", "helpful", "impressive", "like", "liked", "love", "loved", "nice", "outstanding", "perfect",
        "pleasant", "pleased", "positive", "recommend", "reliable", "satisfied", "success", "successful", "superb", "wonderful",
        "works",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Negative = new[]
    {
        "angry", "annoyed", "awful", "bad", "boring", "broken", "buggy", "confusing", "crash", "crashed",
        "difficult", "disappointed", "disappointing", "dislike", "error", "errors", "expensive", "fail", "failed", "failure",
        "frustrated", "frustrating", "hate", "hated", "horrible", "mess", "negative", "painful", "poor", "problem",
        "problems", "sad", "slow", "terrible", "ugly", "unhappy", "unreliable", "useless", "waste", "worse",
        "worst", "wrong",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Negators = new[]
    {
        "not", "no", "never", "neither", "nor", "none", "nobody", "nothing", "cannot", "without", "hardly",
        "dont", "doesnt", "isnt", "wasnt", "arent", "cant", "wont",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>+1 for a positive word, -1 for a negative one, 0 otherwise.</summary>
    public static int Polarity(string word) => Positive.Contains(word) ? 1 : Negative.Contains(word) ? -1 : 0;

    /// <summary>"not", "never", … and every contraction such as "isn't" or "don't".</summary>
    public static bool IsNegator(string word) => Negators.Contains(word) || word.EndsWith("n't", StringComparison.Ordinal);
}
