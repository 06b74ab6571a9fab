namespace AgentMarketplace.SampleAgent.Skills;

internal static class WordCounter
{
    /// <summary>Whitespace-separated tokens, whitespace as <see cref="char.IsWhiteSpace(char)"/> defines it.</summary>
    public static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var character in text)
        {
            if (char.IsWhiteSpace(character))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                words++;
            }
        }

        return words;
    }
}
