using AgentMarketplace.AgentProtocol.Schemas;

namespace AgentMarketplace.Registry.Versions;

/// <summary>One difference between two versions' capabilities; <see cref="Path"/> is within the capability (`inputSchema.properties.text`).</summary>
internal sealed record CapabilityChange(string Capability, string Path, string Kind, bool Breaking, string Detail);

/// <summary>
/// What changed between two versions' capabilities, and what of it breaks callers of the older one: a
/// capability removed, an input schema that accepts less, an output schema that promises less
/// (<see cref="SchemaCompatibility"/> judges the schemas). Adding a capability or changing a description is not breaking.
/// </summary>
internal static class CapabilityChanges
{
    public const string Added = "capability_added";
    public const string Removed = "capability_removed";
    public const string DescriptionChanged = "description_changed";

    public static IReadOnlyList<CapabilityChange> Compare(IReadOnlyList<CapabilityDefinition> before, IReadOnlyList<CapabilityDefinition> after)
    {
        var changes = new List<CapabilityChange>();
        foreach (var old in before)
        {
            if (after.FirstOrDefault(c => c.Name == old.Name) is not { } now)
            {
                changes.Add(new CapabilityChange(old.Name, "", Removed, true, $"capability '{old.Name}' was removed: callers of it would fail."));
                continue;
            }

            if (old.Description != now.Description)
            {
                changes.Add(new CapabilityChange(old.Name, "description", DescriptionChanged, false, "the description changed."));
            }

            Side(changes, old.Name, "inputSchema", SchemaCompatibility.Compare(old.InputSchema, now.InputSchema, SchemaRole.Input));
            Side(changes, old.Name, "outputSchema", SchemaCompatibility.Compare(old.OutputSchema, now.OutputSchema, SchemaRole.Output));
        }

        foreach (var added in after.Where(c => before.All(b => b.Name != c.Name)))
        {
            changes.Add(new CapabilityChange(added.Name, "", Added, false, $"capability '{added.Name}' was added."));
        }

        return changes;
    }

    public static bool AnyBreaking(IReadOnlyList<CapabilityDefinition> before, IReadOnlyList<CapabilityDefinition> after) =>
        Compare(before, after).Any(c => c.Breaking);

    /// <summary>
    /// The breaking changes as validation errors of the new version's body: `capabilities[i].inputSchema.…`
    /// (the index in <paramref name="after"/>), or `capabilities` for a capability that is gone.
    /// </summary>
    public static Dictionary<string, string[]> Errors(IEnumerable<CapabilityChange> changes, IReadOnlyList<CapabilityDefinition> after) =>
        changes.Where(c => c.Breaking)
            .GroupBy(c => after.Select((capability, index) => (capability, index)).FirstOrDefault(p => p.capability.Name == c.Capability) is { capability: not null } found
                ? c.Path.Length == 0 ? $"capabilities[{found.index}]" : $"capabilities[{found.index}].{c.Path}"
                : "capabilities")
            .ToDictionary(g => g.Key, g => g.Select(c => c.Detail).ToArray());

    private static void Side(List<CapabilityChange> changes, string capability, string side, IReadOnlyList<SchemaChange> schemaChanges) =>
        changes.AddRange(schemaChanges.Select(c => new CapabilityChange(
            capability, c.Path.Length == 0 ? side : $"{side}.{c.Path}", c.Kind, c.Breaking, c.Detail)));
}
