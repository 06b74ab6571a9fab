using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// Regular expressions from publishers' schemas, matched in time linear in the input with
/// <see cref="RegexOptions.NonBacktracking"/>. Within one evaluation, matches share a budget of work
/// counted, not timed (<see cref="PatternBudget"/>): a busy machine or a garbage collection must not turn
/// a valid value into a refused one. A pattern that needs backtracking (backreferences, lookarounds,
/// atomic groups) is refused at registration; one stored before that rule is matched by the
/// backtracking engine, under <see cref="BacktrackingTimeout"/> as well.
/// </summary>
internal static class LinearPatterns
{
    /// <summary>The most one match may take: only the backtracking engine can come near it; linear matches are bounded by the budget.</summary>
    public static readonly TimeSpan BacktrackingTimeout = TimeSpan.FromMilliseconds(100);

    private const int MaxCached = 4_096;
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>Why <paramref name="pattern"/> may not be used (completing "a pattern that …"), or null.</summary>
    public static string? Check(string pattern, int maxLength)
    {
        if (pattern.Length > maxLength)
        {
            return $"is {pattern.Length} characters long (at most {maxLength})";
        }

        try
        {
            return Get(pattern).Options.HasFlag(RegexOptions.NonBacktracking)
                ? null
                : "cannot be matched in linear time (backreferences, lookarounds, atomic groups, conditionals and very large repetition counts are not supported)";
        }
        catch (ArgumentException e)
        {
            return "is not a valid regular expression: " + e.Message;
        }
    }

    /// <summary>The regular expression for <paramref name="pattern"/>, made once per process (registration checks it first).</summary>
    internal static Regex Get(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        if (Compiled.Count >= MaxCached)
        {
            Compiled.Clear(); // what a publisher can fill, it cannot keep from being emptied
        }

        return Compiled.GetOrAdd(pattern, Create);
    }

    internal static bool IsMatch(string pattern, string input)
    {
        var regex = Get(pattern);
        PatternBudget.Spend(pattern, input);
        return regex.IsMatch(input);
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a pattern that is not a regular expression at all.</summary>
    private static Regex Create(string pattern)
    {
        var normalized = Normalize(pattern);
        try
        {
            return new Regex(normalized, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, Regex.InfiniteMatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(normalized, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, BacktrackingTimeout);
        }
    }

    /// <summary>The Unicode class names JSON Schema's test suite uses that .NET spells differently (as the library does).</summary>
    private static string Normalize(string pattern) =>
        pattern.Replace("{Letter}", "{L}", StringComparison.Ordinal).Replace("{digit}", "{Nd}", StringComparison.Ordinal);
}

/// <summary>
/// The pattern work one schema evaluation may do, for the evaluation running on this thread (JsonSchema.Net
/// evaluates synchronously). A linear match costs at most in proportion to the input's length times the
/// pattern's, so that product is what a match spends; past the budget (`SchemaLimits:MaxPatternWork`) the evaluation stops
/// with <see cref="RegexMatchTimeoutException"/> (a 400 naming the patterns), before the match, whatever
/// the machine's load. Without a budget started, matches are not counted.
/// </summary>
internal static class PatternBudget
{
    /// <summary>About a few milliseconds of the slowest linear matching; a schema's ordinary patterns use a tiny part of it.</summary>
    public const long DefaultUnits = 4_000_000;

    [ThreadStatic]
    private static long? _left;

    /// <summary>Starts a budget for the evaluation that follows on this thread; dispose when it ends.</summary>
    public static Scope Start(long units = DefaultUnits)
    {
        var outer = _left;
        _left = units;
        return new Scope(outer);
    }

    internal static void Spend(string pattern, string input)
    {
        if (_left is not { } left)
        {
            return;
        }

        var units = (input.Length + 1L) * (pattern.Length + 1L);
        if (units > left)
        {
            _left = 0;
            throw new RegexMatchTimeoutException(input.Length > 64 ? input[..64] : input, pattern, TimeSpan.Zero);
        }

        _left = left - units;
    }

    public readonly struct Scope(long? outer) : IDisposable
    {
        public void Dispose() => _left = outer;
    }
}
