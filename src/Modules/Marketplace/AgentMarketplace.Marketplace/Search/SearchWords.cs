using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using AgentMarketplace.Marketplace.Persistence;
using Npgsql;

namespace AgentMarketplace.Marketplace.Search;

/// <summary>
/// The words of a text search: as a full-text prefix query, and for typo tolerance as conditions that
/// let any word match by trigram similarity instead.
/// </summary>
internal sealed partial class SearchWords(SearchConnection connection)
{
    private const int MaxWords = 12;
    private const int MaxRememberedWords = 50_000;

    /// <summary>PostgreSQL's verdict per word: true for a stop word. Shared by every search in the process.</summary>
    private static readonly ConcurrentDictionary<string, bool> StopWords = new(StringComparer.Ordinal);

    /// <summary>The distinct words of <paramref name="text"/> (letters and digits), at most twelve.</summary>
    public static List<string> Split(string text) => Word().Matches(text).Select(m => m.Value).Distinct().Take(MaxWords).ToList();

    /// <summary>Every word must match, each also as a prefix: the @tsq parameter.</summary>
    public static string PrefixQuery(IEnumerable<string> words) => string.Join(" & ", words.Select(w => w + ":*"));

    /// <summary>
    /// Every word must match, as a prefix in the full-text document or by trigram similarity (a typo);
    /// stop words are left out, as full-text search leaves them out. Adds the words' parameters.
    /// </summary>
    public async Task<string> TypoTolerantConditionAsync(List<string> words, List<NpgsqlParameter> parameters, CancellationToken ct)
    {
        var significant = await SignificantWordsAsync(words, ct);
        if (significant.Count == 0)
        {
            return SearchSql.NoMatch;
        }

        var condition = new StringBuilder();
        for (var i = 0; i < significant.Count; i++)
        {
            parameters.Add(new NpgsqlParameter($"w{i}", significant[i]));
            parameters.Add(new NpgsqlParameter($"p{i}", significant[i] + ":*"));
            condition.Append(SearchSql.TypoTolerantWord(i));
        }

        return condition.ToString();
    }

    /// <summary>
    /// The words full-text search does not drop as stop words. PostgreSQL's dictionary decides; its
    /// verdicts are remembered, so a warm process asks only about words it has not seen.
    /// </summary>
    private async Task<List<string>> SignificantWordsAsync(List<string> words, CancellationToken ct)
    {
        var unknown = words.Where(w => !StopWords.ContainsKey(w)).ToList();
        if (unknown.Count > 0)
        {
            await using var command = await connection.CommandAsync(SearchSql.StopWords, [new NpgsqlParameter("words", unknown.ToArray())], ct);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var wordColumn = reader.GetOrdinal("w");
            var stopColumn = reader.GetOrdinal("stop");
            while (await reader.ReadAsync(ct))
            {
                if (StopWords.Count < MaxRememberedWords)
                {
                    StopWords[reader.GetString(wordColumn)] = reader.GetBoolean(stopColumn);
                }
                else if (reader.GetBoolean(stopColumn))
                {
                    unknown.Remove(reader.GetString(wordColumn));
                }
            }
        }

        return words.Where(w => StopWords.TryGetValue(w, out var stop) ? !stop : unknown.Contains(w)).ToList();
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
