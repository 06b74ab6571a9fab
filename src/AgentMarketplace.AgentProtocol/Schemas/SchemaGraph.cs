using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>How evaluation moves from a subschema to another: at the same value, or into part of it.</summary>
internal enum Step
{
    /// <summary>allOf, anyOf, oneOf, not, if/then/else, dependentSchemas, `$ref`: the same value.</summary>
    Same,
    /// <summary>properties: the member of that name, if the value has it.</summary>
    Property,
    /// <summary>additionalProperties, patternProperties, unevaluatedProperties, propertyNames: every member.</summary>
    EveryProperty,
    /// <summary>prefixItems (and draft-07 `items` arrays): the item at that index, if there is one.</summary>
    Item,
    /// <summary>items, additionalItems, contains, unevaluatedItems: every item.</summary>
    EveryItem,
}

internal readonly record struct Edge(int Target, Step Step, string? Name = null, int Index = 0);

/// <summary>One subschema: where it is, what evaluating it costs beyond its subschemas, and where evaluation goes next.</summary>
internal sealed class Subschema(JsonNode node, string pointer)
{
    public JsonNode Node { get; } = node;

    public string Pointer { get; } = pointer;

    /// <summary>One, plus an `enum`'s members, each compared.</summary>
    public long Weight { get; } = 1 + (node is JsonObject obj && obj["enum"] is JsonArray members ? members.Count : 0);

    public List<Edge> Edges { get; } = [];

    public List<(string Keyword, string Reference, Uri Base)> References { get; } = [];
}

/// <summary>
/// A schema's subschemas and the steps evaluation takes between them, `$ref`s resolved (see
/// <see cref="SchemaBounds"/>, which builds it). Knowing them, the work an evaluation of a given value
/// will do can be counted before it is done (<see cref="CountWork"/>): a recursive schema evaluates
/// its recursion once per level of the value, which no measure of the schema alone can bound.
/// </summary>
public sealed class SchemaGraph
{
    internal SchemaGraph(IReadOnlyList<Subschema> subschemas) => Subschemas = subschemas;

    internal IReadOnlyList<Subschema> Subschemas { get; }

    /// <summary>
    /// Walks the evaluation of <paramref name="instance"/> without evaluating any keyword: every
    /// subschema it would apply to every part of the value (more where it cannot tell, such as which
    /// members a `patternProperties` pattern matches). Stops as soon as the work passes
    /// <paramref name="maxWork"/> or nesting passes <paramref name="maxDepth"/>; null when within both.
    /// </summary>
    public string? CountWork(JsonNode? instance, long maxWork, int maxDepth)
    {
        var work = Subschemas[0].Weight;
        var pending = new Stack<(int Subschema, JsonNode? Value, int Depth)>();
        pending.Push((0, instance, 1));
        while (pending.TryPop(out var at))
        {
            if (at.Depth > maxDepth)
            {
                return $"evaluating it would nest more than {maxDepth} subschemas deep (the value is nested too deeply for this schema).";
            }

            foreach (var edge in Subschemas[at.Subschema].Edges)
            {
                foreach (var part in Parts(edge, at.Value))
                {
                    work += Subschemas[edge.Target].Weight;
                    if (work > maxWork)
                    {
                        return $"checking it would take more than {maxWork:N0} subschema evaluations (the value is too large for this schema).";
                    }

                    pending.Push((edge.Target, part, at.Depth + 1));
                }
            }
        }

        return null;
    }

    private static IEnumerable<JsonNode?> Parts(Edge edge, JsonNode? value) => (edge.Step, value) switch
    {
        (Step.Same, _) => [value],
        (Step.Property, JsonObject obj) => obj.TryGetPropertyValue(edge.Name!, out var member) ? [member] : [],
        (Step.EveryProperty, JsonObject obj) => obj.Select(p => p.Value),
        (Step.Item, JsonArray array) => edge.Index < array.Count ? [array[edge.Index]] : [],
        (Step.EveryItem, JsonArray array) => array,
        _ => [],
    };
}
