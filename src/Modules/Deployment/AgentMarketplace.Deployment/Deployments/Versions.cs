using Semver;

namespace AgentMarketplace.Deployment.Deployments;

internal static class Versions
{
    public static bool IsNewer(string candidate, string current) =>
        SemVersion.TryParse(candidate, SemVersionStyles.Strict, out var a)
        && SemVersion.TryParse(current, SemVersionStyles.Strict, out var b)
        && SemVersion.ComparePrecedence(a, b) > 0;
}
