using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// Which side of a call a schema describes, and so which way it may change without breaking anyone: an
/// input schema may accept more (callers' old inputs still pass), an output schema may promise more
/// (what callers read still holds).
/// </summary>
public enum SchemaRole
{
    Input,
    Output,
}

/// <summary>
/// One difference between two versions of a schema. <see cref="Path"/> is where, dotted from the schema's
/// root (<c>properties.text.maxLength</c>; empty for the root); <see cref="Kind"/> one of
/// <see cref="SchemaChangeKinds"/>; <see cref="Detail"/> a sentence saying what changed and what it means.
/// </summary>
public sealed record SchemaChange(string Path, string Kind, bool Breaking, string Detail);

/// <summary>The kinds of <see cref="SchemaChange"/>: what changed.</summary>
public static class SchemaChangeKinds
{
    public const string Type = "type_changed";
    public const string Enum = "enum_changed";
    public const string Bound = "bound_changed";
    public const string MultipleOf = "multiple_of_changed";
    public const string Pattern = "pattern_changed";
    public const string Format = "format_changed";
    public const string UniqueItems = "unique_items_changed";
    public const string RequiredAdded = "required_added";
    public const string RequiredRemoved = "required_removed";
    public const string PropertyAdded = "property_added";
    public const string PropertyRemoved = "property_removed";
    public const string AdditionalProperties = "additional_properties_changed";
    public const string Schema = "schema_changed";

    /// <summary>A change the platform does not know how to judge: counted as breaking.</summary>
    public const string NotComparable = "not_comparable";
}

/// <summary>
/// Compares two JSON Schemas (2020-12) of one capability side: the rules are in <see cref="SchemaComparison"/>
/// and docs/adr/0011-version-safety-and-trust-signals.md. Anything the rules cannot prove compatible is
/// breaking, and its detail says so. Pure: no I/O, bounded work (schemas are already within
/// <see cref="SchemaLimits"/>, and the walk stops after a fixed number of steps).
/// </summary>
public static class SchemaCompatibility
{
    /// <summary>At most this many changes are listed for one schema.</summary>
    public const int MaxChanges = 100;

    /// <summary>Every difference from <paramref name="before"/> to <paramref name="after"/> that matters to validation (annotations aside).</summary>
    public static IReadOnlyList<SchemaChange> Compare(JsonNode? before, JsonNode? after, SchemaRole role) =>
        new SchemaComparison(before, after, role).Run();
}
