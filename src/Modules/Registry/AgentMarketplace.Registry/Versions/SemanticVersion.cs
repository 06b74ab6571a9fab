using Semver;

namespace AgentMarketplace.Registry.Versions;

/// <summary>Semantic Versioning 2.0 through the Semver package: strict parsing, precedence ordering.</summary>
internal static class SemanticVersion
{
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
}
