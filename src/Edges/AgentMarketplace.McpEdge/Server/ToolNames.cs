using System.Globalization;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// Names a caller's tools: `{agent-slug}_{handle}_{capability}`, where the handle is the last 8 hex digits of
/// the deployment's id (the random end of a UUIDv7). Names stay the same while the deployment lives, whatever
/// version it runs, end in the capability's name, and keep to MCP's tool-name rules (1–128 characters of
/// A–Z a–z 0–9 _ - .): slugs and capability names already do, the slug is shortened when the whole would be
/// longer. Two of one caller's deployments whose handles collide both use all 32 hex digits instead.
/// </summary>
internal static class ToolNames
{
    public const int MaxLength = 128;
    private const int ShortHandle = 8;

    /// <summary>The handle of each of the caller's deployments: short unless it collides with another's.</summary>
    public static IReadOnlyDictionary<Guid, string> Handles(IEnumerable<Guid> deploymentIds)
    {
        var ids = deploymentIds.Distinct().ToList();
        var shortCounts = ids.GroupBy(Short).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return ids.ToDictionary(id => id, id => shortCounts[Short(id)] == 1 ? Short(id) : Full(id));
    }

    public static string Name(string agentSlug, string handle, string capability)
    {
        var room = MaxLength - handle.Length - capability.Length - 2;
        var slug = agentSlug.Length <= room ? agentSlug : agentSlug[..Math.Max(1, room)].TrimEnd('-');
        return $"{slug}_{handle}_{capability}";
    }

    private static string Full(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

    private static string Short(Guid id) => Full(id)[^ShortHandle..];
}
