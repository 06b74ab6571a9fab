using Semver;

namespace AgentMarketplace.Registry.Versions;

/// <summary>Semantic Versioning 2.0 through the Semver package: strict parsing, precedence ordering.</summary>
internal static class SemanticVersion
{
    /// <summary>Version strings by precedence (pre-releases before their release; build metadata ignored).</summary>
    public static readonly IComparer<string> Precedence = Comparer<string>.Create(Compare);

    public static bool TryParse(string? text, out SemVersion version) =>
        SemVersion.TryParse(text ?? "", SemVersionStyles.Strict, out version!);

    /// <summary>Orders by precedence (pre-releases before their release; build metadata ignored).</summary>
    public static int Compare(string left, string right) =>
        SemVersion.ComparePrecedence(SemVersion.Parse(left, SemVersionStyles.Strict), SemVersion.Parse(right, SemVersionStyles.Strict));

    /// <summary>The highest version by precedence among <paramref name="versions"/>, or null.</summary>
    public static string? Highest(IEnumerable<string> versions) =>
        versions.Select(v => SemVersion.Parse(v, SemVersionStyles.Strict))
            .OrderByDescending(v => v, SemVersion.PrecedenceComparer)
            .FirstOrDefault()?.ToString();

    /// <summary>
    /// The line within which versions must stay compatible: the major version, and below 1.0.0 the minor as
    /// well (SemVer lets anything change in 0.y.z; like Cargo's and npm's caret, 0.3 → 0.4 counts as a major step).
    /// </summary>
    public static string Line(string version)
    {
        var parsed = SemVersion.Parse(version, SemVersionStyles.Strict);
        return parsed.Major.IsZero ? $"0.{parsed.Minor}" : parsed.Major.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
