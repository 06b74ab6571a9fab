using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// Regular expressions from publishers' schemas, matched in time linear in the input, with
/// <see cref="RegexOptions.NonBacktracking"/> under a short timeout; within one evaluation, matches
/// share a budget (<see cref="PatternBudget"/>). A pattern that needs backtracking (backreferences,
/// lookarounds, atomic groups) is refused at registration; one stored before that rule is matched by
/// the backtracking engine under the same timeout.
/// </summary>
internal static class LinearPatterns
{
    /// <summary>The most one match may take; a pattern evaluation also stops once its budget is spent.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(10);

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
        var started = Stopwatch.GetTimestamp();
        PatternBudget.ThrowIfSpent(pattern);
        try
        {
            return regex.IsMatch(input);
        }
        finally
        {
            PatternBudget.Spend(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> for a pattern that is not a regular expression at all.</summary>
    private static Regex Create(string pattern)
    {
        var normalized = Normalize(pattern);
        try
        {
            return new Regex(normalized, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (NotSupportedException)
        {
            return new Regex(normalized, RegexOptions.ECMAScript | RegexOptions.CultureInvariant, MatchTimeout);
        }
    }

    /// <summary>The Unicode class names JSON Schema's test suite uses that .NET spells differently (as the library does).</summary>
    private static string Normalize(string pattern) =>
        pattern.Replace("{Letter}", "{L}", StringComparison.Ordinal).Replace("{digit}", "{Nd}", StringComparison.Ordinal);
}

/// <summary>
/// The time one schema evaluation may spend matching patterns, for the evaluation running on this
/// thread (JsonSchema.Net evaluates synchronously). Without a budget started, each match is still
/// bounded by <see cref="LinearPatterns.MatchTimeout"/>.
/// </summary>
internal static class PatternBudget
{
    [ThreadStatic]
    private static TimeSpan? _left;

    /// <summary>Starts a budget for the evaluation that follows on this thread; dispose when it ends.</summary>
    public static Scope Start() => Start(LinearPatterns.MatchTimeout);

    public static Scope Start(TimeSpan budget)
    {
        var outer = _left;
        _left = budget;
        return new Scope(outer);
    }

    internal static void ThrowIfSpent(string pattern)
    {
        if (_left is { } left && left <= TimeSpan.Zero)
        {
            throw new RegexMatchTimeoutException("", pattern, LinearPatterns.MatchTimeout);
        }
    }

    internal static void Spend(TimeSpan spent)
    {
        if (_left is { } left)
        {
            _left = left - spent;
        }
    }

    public readonly struct Scope(TimeSpan? outer) : IDisposable
    {
        public void Dispose() => _left = outer;
    }
}
