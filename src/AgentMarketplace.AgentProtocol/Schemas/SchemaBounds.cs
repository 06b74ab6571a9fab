using System.Text;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// Checks a schema against <see cref="SchemaLimits"/> without recursion and before anything evaluates
/// it: a `$ref` chain thousands of links long would otherwise overflow the evaluator's stack (which
/// ends the process), and `$ref`s that double at each level would make one evaluation take forever.
/// Walks the subschemas as written, resolves each `$ref` to the subschema it names, and measures the
/// graph that evaluation follows: its longest path and how many subschemas it amounts to.
/// </summary>
public static class SchemaBounds
{
    private static readonly HashSet<string> SingleSubschemas =
    [
        "additionalItems", "additionalProperties", "contains", "contentSchema", "else", "if", "items", "not",
        "propertyNames", "then", "unevaluatedItems", "unevaluatedProperties",
    ];

    private static readonly HashSet<string> SubschemaArrays = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

    private static readonly HashSet<string> SubschemaMaps = ["dependentSchemas", "patternProperties", "properties", "dependencies"];

    /// <summary>Definitions: walked so `$ref`s can reach them, but evaluated only through a `$ref`.</summary>
    private static readonly HashSet<string> Definitions = ["$defs", "definitions"];

    /// <summary>The base URI of a schema that declares none; never fetched.</summary>
    private static readonly Uri DefaultBase = new("https://schema.invalid/root.json");

    /// <summary>Why <paramref name="schema"/> is beyond the limits (a sentence starting lower-case), or null.</summary>
    public static string? Check(JsonNode schema, SchemaLimits limits) => Measure(schema, limits).Problem;

    /// <summary>
    /// <see cref="Check"/>, and how many subschemas the schema amounts to with its `$ref`s followed (an
    /// `enum` counting its members): the cost, per value of an instance, of evaluating it.
    /// </summary>
    public static (string? Problem, long Cost) Measure(JsonNode schema, SchemaLimits limits)
    {
        var bytes = Encoding.UTF8.GetByteCount(schema.ToJsonString());
        if (bytes > limits.MaxBytes)
        {
            return ($"is {Kilobytes(bytes)} KB; a schema may be at most {Kilobytes(limits.MaxBytes)} KB.", 0);
        }

        var graph = new Graph();
        if ((graph.Walk(schema, limits) ?? graph.ResolveReferences()) is { } problem)
        {
            return (problem, 0);
        }

        return graph.Measure(limits);
    }

    /// <summary>How many JSON values <paramref name="instance"/> holds, itself included, counting no further than <paramref name="atMost"/> + 1.</summary>
    public static long CountValues(JsonNode? instance, long atMost)
    {
        var count = 0L;
        var pending = new Stack<JsonNode?>();
        pending.Push(instance);
        while (pending.TryPop(out var node) && count <= atMost)
        {
            count++;
            IEnumerable<JsonNode?> children = node switch
            {
                JsonObject obj => obj.Select(p => p.Value),
                JsonArray array => array,
                _ => [],
            };
            foreach (var child in children)
            {
                pending.Push(child);
            }
        }

        return count;
    }

    private static string Kilobytes(int bytes) => Math.Ceiling(bytes / 1024.0).ToString("0");

    private sealed class Subschema(JsonNode node, string pointer)
    {
        public JsonNode Node { get; } = node;
        public string Pointer { get; } = pointer;

        /// <summary>What evaluating it costs beyond its subschemas: one, plus an `enum`'s members, each compared.</summary>
        public long Weight { get; } = 1 + (node is JsonObject { } obj && obj["enum"] is JsonArray members ? members.Count : 0);

        public List<int> Evaluated { get; } = [];
        public List<(string Reference, Uri Base)> References { get; } = [];
    }

    private sealed class Graph
    {
        private readonly List<Subschema> _subschemas = [];
        private readonly Dictionary<JsonNode, int> _byNode = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, int> _resources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _anchors = new(StringComparer.Ordinal);

        public string? Walk(JsonNode root, SchemaLimits limits)
        {
            var pending = new Stack<(JsonNode Node, string Pointer, Uri Base, int Depth, int Parent, bool Evaluated)>();
            pending.Push((root, "", DefaultBase, 0, -1, true));
            while (pending.TryPop(out var item))
            {
                if (item.Depth > limits.MaxDepth)
                {
                    return $"nests subschemas more than {limits.MaxDepth} levels deep (at {Location(item.Pointer)}).";
                }

                var id = _subschemas.Count;
                _subschemas.Add(new Subschema(item.Node, item.Pointer));
                _byNode[item.Node] = id;
                if (item.Parent >= 0 && item.Evaluated)
                {
                    _subschemas[item.Parent].Evaluated.Add(id);
                }

                if (item.Node is not JsonObject schema)
                {
                    continue; // true, false, or something the meta-schema will refuse
                }

                var baseUri = item.Base;
                if (schema["$id"] is JsonValue idValue && idValue.TryGetValue<string>(out var declared)
                    && Uri.TryCreate(baseUri, declared, out var resolved))
                {
                    baseUri = resolved;
                }

                if (item.Parent < 0 || !ReferenceEquals(baseUri, item.Base))
                {
                    _resources[WithoutFragment(baseUri)] = id;
                }

                foreach (var anchorKeyword in (string[])["$anchor", "$dynamicAnchor"])
                {
                    if (schema[anchorKeyword] is JsonValue anchor && anchor.TryGetValue<string>(out var name))
                    {
                        _anchors[WithoutFragment(baseUri) + "#" + name] = id;
                    }
                }

                foreach (var referenceKeyword in (string[])["$ref", "$dynamicRef"])
                {
                    if (schema[referenceKeyword] is JsonValue reference && reference.TryGetValue<string>(out var target))
                    {
                        _subschemas[id].References.Add((target, baseUri));
                    }
                }

                if (CheckPatterns(schema, item.Pointer, limits) is { } patternProblem)
                {
                    return patternProblem;
                }

                foreach (var (keyword, value) in schema)
                {
                    var at = item.Pointer + "/" + Escape(keyword);
                    var evaluated = !Definitions.Contains(keyword);
                    if (SingleSubschemas.Contains(keyword) && value is JsonObject or JsonValue)
                    {
                        pending.Push((value!, at, baseUri, item.Depth + 1, id, true));
                    }
                    else if (SubschemaArrays.Contains(keyword) && value is JsonArray array)
                    {
                        for (var i = array.Count - 1; i >= 0; i--)
                        {
                            if (array[i] is { } element)
                            {
                                pending.Push((element, $"{at}/{i}", baseUri, item.Depth + 1, id, true));
                            }
                        }
                    }
                    else if ((SubschemaMaps.Contains(keyword) || !evaluated) && value is JsonObject map)
                    {
                        foreach (var (name, subschema) in map)
                        {
                            if (subschema is JsonObject or JsonValue)
                            {
                                pending.Push((subschema!, at + "/" + Escape(name), baseUri, item.Depth + 1, id, evaluated));
                            }
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>Every `$ref` must name a subschema of this schema: nothing is fetched (the published meta-schemas aside).</summary>
        public string? ResolveReferences()
        {
            foreach (var subschema in _subschemas)
            {
                foreach (var (reference, baseUri) in subschema.References)
                {
                    if (!Uri.TryCreate(baseUri, reference, out var target))
                    {
                        return $"has a `$ref` that is not a URI reference (at {Location(subschema.Pointer)}).";
                    }

                    var resource = WithoutFragment(target);
                    if (!_resources.TryGetValue(resource, out var resourceRoot))
                    {
                        if (resource.StartsWith("https://json-schema.org/", StringComparison.Ordinal))
                        {
                            continue; // a published meta-schema: the library has it, small and trusted
                        }

                        return $"has a `$ref` to {reference}, which is not part of this schema (at {Location(subschema.Pointer)}); nothing is fetched.";
                    }

                    var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
                    int? resolved = fragment.Length == 0 ? resourceRoot
                        : fragment.StartsWith('/') ? Follow(resourceRoot, fragment)
                        : _anchors.TryGetValue(resource + "#" + fragment, out var anchored) ? anchored : null;
                    if (resolved is not { } found)
                    {
                        return $"has a `$ref` to {reference}, which names no subschema of this schema (at {Location(subschema.Pointer)}).";
                    }

                    subschema.Evaluated.Add(found);
                }
            }

            return null;
        }

        /// <summary>
        /// One depth-first pass (with a stack of its own) over what evaluation follows: how long its
        /// longest path is and how many subschemas it visits, counting a `$ref` back onto the current
        /// path (recursion) once. Totals saturate just past the limit, so doubling cannot overflow them.
        /// </summary>
        public (string? Problem, long Cost) Measure(SchemaLimits limits)
        {
            var count = _subschemas.Count;
            var state = new byte[count]; // 0 unseen, 1 on the path, 2 measured
            var size = new long[count];
            var depth = new int[count];
            var cap = limits.MaxExpandedSubschemas + 1L;
            var path = new Stack<(int Node, int Next)>();
            path.Push((0, 0));
            state[0] = 1;
            (size[0], depth[0]) = (_subschemas[0].Weight, 1);
            while (path.TryPop(out var frame))
            {
                var edges = _subschemas[frame.Node].Evaluated;
                if (frame.Next < edges.Count)
                {
                    path.Push((frame.Node, frame.Next + 1));
                    var next = edges[frame.Next];
                    switch (state[next])
                    {
                        case 0:
                            state[next] = 1;
                            (size[next], depth[next]) = (_subschemas[next].Weight, 1);
                            path.Push((next, 0));
                            break;
                        case 1:
                            size[frame.Node] = Math.Min(cap, size[frame.Node] + 1);
                            depth[frame.Node] = Math.Max(depth[frame.Node], 2);
                            break;
                        default:
                            size[frame.Node] = Math.Min(cap, size[frame.Node] + size[next]);
                            depth[frame.Node] = Math.Max(depth[frame.Node], depth[next] + 1);
                            break;
                    }

                    if (path.Count > limits.MaxPathLength || depth[frame.Node] > limits.MaxPathLength)
                    {
                        return ($"has a path of more than {limits.MaxPathLength} nested subschemas and `$ref`s for evaluation to follow "
                            + $"(through {Location(_subschemas[next].Pointer)}).", 0);
                    }

                    continue;
                }

                state[frame.Node] = 2;
                if (path.TryPeek(out var parent))
                {
                    var parentNode = parent.Node;
                    size[parentNode] = Math.Min(cap, size[parentNode] + size[frame.Node]);
                    depth[parentNode] = Math.Max(depth[parentNode], depth[frame.Node] + 1);
                }
            }

            return size[0] > limits.MaxExpandedSubschemas
                ? ($"amounts to more than {limits.MaxExpandedSubschemas} subschemas with its `$ref`s followed (an `enum` counting its members), "
                    + "which is too costly to evaluate.", size[0])
                : (null, size[0]);
        }

        private int? Follow(int resourceRoot, string pointer)
        {
            var node = _subschemas[resourceRoot].Node;
            foreach (var raw in pointer[1..].Split('/'))
            {
                var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node switch
                {
                    JsonObject obj => obj[segment],
                    JsonArray array when int.TryParse(segment, out var i) && i >= 0 && i < array.Count => array[i],
                    _ => null,
                };
                if (node is null)
                {
                    return null;
                }
            }

            return _byNode.TryGetValue(node, out var id) ? id : null;
        }

        private static string? CheckPatterns(JsonObject schema, string pointer, SchemaLimits limits)
        {
            if (schema["pattern"] is JsonValue value && value.TryGetValue<string>(out var pattern)
                && LinearPatterns.Check(pattern, limits.MaxPatternLength) is { } problem)
            {
                return $"has a `pattern` that {problem} (at {Location(pointer + "/pattern")}).";
            }

            if (schema["patternProperties"] is JsonObject patterns)
            {
                foreach (var (key, _) in patterns)
                {
                    if (LinearPatterns.Check(key, limits.MaxPatternLength) is { } keyProblem)
                    {
                        return $"has a `patternProperties` pattern that {keyProblem} (at {Location(pointer + "/patternProperties")}).";
                    }
                }
            }

            return null;
        }

        private static string WithoutFragment(Uri uri)
        {
            var text = uri.AbsoluteUri;
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            return hash < 0 ? text : text[..hash];
        }

        private static string Escape(string segment) =>
            segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

        private static string Location(string pointer) => pointer.Length == 0 ? "the root" : "#" + (pointer.Length > 120 ? pointer[..120] + "…" : pointer);
    }
}
