using System.Text;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// Checks a schema against <see cref="SchemaLimits"/> without recursion and before anything evaluates
/// it: a `$ref` chain thousands of links long would otherwise overflow the evaluator's stack (which
/// ends the process), and `$ref`s that double at each level would make one evaluation take forever.
/// Walks the subschemas as written, resolves each `$ref` to the subschema it names — refusing what the
/// evaluator could resolve differently (a name declared twice) — and measures the graph evaluation
/// follows: its longest path, how many subschemas it amounts to, and that every loop moves into the value.
/// </summary>
public static class SchemaBounds
{
    private static readonly Dictionary<string, Step> SingleSubschemas = new()
    {
        ["additionalProperties"] = Step.EveryProperty, ["unevaluatedProperties"] = Step.EveryProperty,
        ["propertyNames"] = Step.EveryProperty,
        ["items"] = Step.EveryItem, ["additionalItems"] = Step.EveryItem, ["contains"] = Step.EveryItem,
        ["unevaluatedItems"] = Step.EveryItem,
        ["not"] = Step.Same, ["if"] = Step.Same, ["then"] = Step.Same, ["else"] = Step.Same, ["contentSchema"] = Step.Same,
    };

    private static readonly Dictionary<string, Step> SubschemaArrays = new()
    {
        ["allOf"] = Step.Same, ["anyOf"] = Step.Same, ["oneOf"] = Step.Same, ["prefixItems"] = Step.Item, ["items"] = Step.Item,
    };

    private static readonly Dictionary<string, Step> SubschemaMaps = new()
    {
        ["properties"] = Step.Property, ["patternProperties"] = Step.EveryProperty,
        ["dependentSchemas"] = Step.Same, ["dependencies"] = Step.Same,
    };

    /// <summary>Definitions: walked so `$ref`s can reach them, but evaluated only through a `$ref`.</summary>
    private static readonly HashSet<string> Definitions = ["$defs", "definitions"];

    private static readonly string[] ReferenceKeywords = ["$ref", "$dynamicRef", "$recursiveRef"];

    /// <summary>The base URI of a schema that declares none; never fetched.</summary>
    private static readonly Uri DefaultBase = new("https://schema.invalid/root.json");

    /// <summary>Why <paramref name="schema"/> is beyond the limits (a sentence starting lower-case), or null.</summary>
    public static string? Check(JsonNode schema, SchemaLimits limits) => Analyze(schema, limits).Problem;

    /// <summary><see cref="Check"/>, and the schema's graph when it is within the limits.</summary>
    public static (string? Problem, SchemaGraph? Graph) Analyze(JsonNode schema, SchemaLimits limits)
    {
        var bytes = Encoding.UTF8.GetByteCount(schema.ToJsonString());
        if (bytes > limits.MaxBytes)
        {
            return ($"is {Kilobytes(bytes)} KB; a schema may be at most {Kilobytes(limits.MaxBytes)} KB.", null);
        }

        var builder = new Builder();
        var problem = builder.Walk(schema, limits) ?? builder.ResolveReferences() ?? builder.Measure(limits);
        return problem is null ? (null, new SchemaGraph(builder.Subschemas)) : (problem, null);
    }

    private static string Kilobytes(int bytes) => Math.Ceiling(bytes / 1024.0).ToString("0");

    private static string Location(string pointer) => pointer.Length == 0 ? "the root" : "#" + (pointer.Length > 120 ? pointer[..120] + "…" : pointer);

    private sealed class Builder
    {
        private readonly Dictionary<JsonNode, int> _byNode = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, int> _resources = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _anchors = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<int>> _dynamicAnchors = new(StringComparer.Ordinal);

        public List<Subschema> Subschemas { get; } = [];

        public string? Walk(JsonNode root, SchemaLimits limits)
        {
            var pending = new Stack<(JsonNode Node, string Pointer, Uri Base, int Depth, Edge? From, int Parent)>();
            pending.Push((root, "", DefaultBase, 0, null, -1));
            while (pending.TryPop(out var item))
            {
                if (item.Depth > limits.MaxDepth)
                {
                    return $"nests subschemas more than {limits.MaxDepth} levels deep (at {Location(item.Pointer)}).";
                }

                var id = Subschemas.Count;
                var subschema = new Subschema(item.Node, item.Pointer);
                Subschemas.Add(subschema);
                _byNode[item.Node] = id;
                if (item.From is { } incoming)
                {
                    Subschemas[item.Parent].Edges.Add(incoming with { Target = id });
                }

                if (item.Node is not JsonObject schema)
                {
                    continue; // true, false, or something the meta-schema will refuse
                }

                var baseUri = item.Base;
                if (StringOf(schema, "$id") is { } declared && Uri.TryCreate(baseUri, declared, out var resolved))
                {
                    baseUri = resolved;
                }

                var resource = WithoutFragment(baseUri);
                if ((item.Parent < 0 || !ReferenceEquals(baseUri, item.Base)) && !_resources.TryAdd(resource, id))
                {
                    return $"declares the `$id` {resource} twice (at {Location(item.Pointer)}).";
                }

                if (StringOf(schema, "$anchor") is { } anchor && !_anchors.TryAdd(resource + "#" + anchor, id))
                {
                    return $"declares the anchor '{anchor}' twice (at {Location(item.Pointer)}).";
                }

                if (StringOf(schema, "$dynamicAnchor") is { } dynamic)
                {
                    if (!_anchors.TryAdd(resource + "#" + dynamic, id))
                    {
                        return $"declares the anchor '{dynamic}' twice (at {Location(item.Pointer)}).";
                    }

                    _dynamicAnchors.TryAdd(dynamic, []);
                    _dynamicAnchors[dynamic].Add(id);
                }

                foreach (var keyword in ReferenceKeywords)
                {
                    if (StringOf(schema, keyword) is { } target)
                    {
                        subschema.References.Add((keyword, target, baseUri));
                    }
                }

                if (CheckPatterns(schema, item.Pointer, limits) is { } patternProblem)
                {
                    return patternProblem;
                }

                foreach (var (keyword, value) in schema)
                {
                    var at = item.Pointer + "/" + Escape(keyword);
                    var depth = item.Depth + 1;
                    if (SingleSubschemas.TryGetValue(keyword, out var step) && value is JsonObject or JsonValue)
                    {
                        pending.Push((value!, at, baseUri, depth, new Edge(0, step), id));
                    }
                    else if (SubschemaArrays.TryGetValue(keyword, out step) && value is JsonArray array)
                    {
                        for (var i = array.Count - 1; i >= 0; i--)
                        {
                            if (array[i] is { } element)
                            {
                                pending.Push((element, $"{at}/{i}", baseUri, depth, new Edge(0, step, Index: i), id));
                            }
                        }
                    }
                    else if ((SubschemaMaps.TryGetValue(keyword, out step) || Definitions.Contains(keyword)) && value is JsonObject map)
                    {
                        var evaluated = !Definitions.Contains(keyword);
                        foreach (var (name, member) in map)
                        {
                            if (member is JsonObject or JsonValue)
                            {
                                pending.Push((member!, at + "/" + Escape(name), baseUri, depth, evaluated ? new Edge(0, step, name) : null, id));
                            }
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// Every `$ref` must name a subschema of this schema: nothing is fetched, not even a published
        /// meta-schema. A `$dynamicRef` may end at any anchor of its name, so it steps to all of them.
        /// </summary>
        public string? ResolveReferences()
        {
            foreach (var subschema in Subschemas)
            {
                foreach (var (keyword, reference, baseUri) in subschema.References)
                {
                    if (keyword == "$recursiveRef")
                    {
                        return $"uses `$recursiveRef` (at {Location(subschema.Pointer)}), a 2019-09 keyword; schemas are JSON Schema 2020-12.";
                    }

                    if (!Uri.TryCreate(baseUri, reference, out var target))
                    {
                        return $"has a `{keyword}` that is not a URI reference (at {Location(subschema.Pointer)}).";
                    }

                    var resource = WithoutFragment(target);
                    if (!_resources.TryGetValue(resource, out var resourceRoot))
                    {
                        return $"has a `{keyword}` to {reference}, which is not part of this schema (at {Location(subschema.Pointer)}); nothing is fetched.";
                    }

                    var fragment = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
                    int? resolved = fragment.Length == 0 ? resourceRoot
                        : fragment.StartsWith('/') ? Follow(resourceRoot, fragment)
                        : _anchors.TryGetValue(resource + "#" + fragment, out var anchored) ? anchored : null;
                    if (resolved is not { } found)
                    {
                        return $"has a `{keyword}` to {reference}, which names no subschema of this schema (at {Location(subschema.Pointer)}).";
                    }

                    subschema.Edges.Add(new Edge(found, Step.Same));
                    if (keyword == "$dynamicRef" && _dynamicAnchors.TryGetValue(fragment, out var dynamicTargets))
                    {
                        subschema.Edges.AddRange(dynamicTargets.Where(t => t != found).Select(t => new Edge(t, Step.Same)));
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// One depth-first pass (with a stack of its own) over what evaluation follows: how long its
        /// longest path is, how many subschemas it visits counting a step back onto the current path
        /// (recursion) once, and that every such loop moves into the value (else it never ends). Totals
        /// saturate just past the limit, so doubling cannot overflow them.
        /// </summary>
        public string? Measure(SchemaLimits limits)
        {
            var count = Subschemas.Count;
            var state = new byte[count]; // 0 unseen, 1 on the path, 2 measured
            var size = new long[count];
            var depth = new int[count];
            var cap = limits.MaxExpandedSubschemas + 1L;
            var path = new List<(int Node, int Next)> { (0, 0) };
            state[0] = 1;
            (size[0], depth[0]) = (Subschemas[0].Weight, 1);
            while (path.Count > 0)
            {
                var frame = path[^1];
                var edges = Subschemas[frame.Node].Edges;
                if (frame.Next == edges.Count)
                {
                    path.RemoveAt(path.Count - 1);
                    state[frame.Node] = 2;
                    if (path.Count > 0)
                    {
                        var parent = path[^1].Node;
                        size[parent] = Math.Min(cap, size[parent] + size[frame.Node]);
                        depth[parent] = Math.Max(depth[parent], depth[frame.Node] + 1);
                    }

                    continue;
                }

                path[^1] = (frame.Node, frame.Next + 1);
                var next = edges[frame.Next].Target;
                switch (state[next])
                {
                    case 0:
                        state[next] = 1;
                        (size[next], depth[next]) = (Subschemas[next].Weight, 1);
                        path.Add((next, 0));
                        break;
                    case 1:
                        if (LoopStaysOnTheValue(path, next))
                        {
                            return $"has a `$ref` loop that never moves into the value (through {Location(Subschemas[next].Pointer)}), so evaluating it would never end.";
                        }

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
                    return $"has a path of more than {limits.MaxPathLength} nested subschemas and `$ref`s for evaluation to follow "
                        + $"(through {Location(Subschemas[next].Pointer)}).";
                }
            }

            return size[0] > limits.MaxExpandedSubschemas
                ? $"amounts to more than {limits.MaxExpandedSubschemas} subschemas with its `$ref`s followed (an `enum` counting its members), "
                    + "which is too costly to evaluate."
                : null;
        }

        /// <summary>Whether every step of the loop from <paramref name="start"/> around to itself stays on the same value.</summary>
        private bool LoopStaysOnTheValue(List<(int Node, int Next)> path, int start)
        {
            var from = path.FindIndex(f => f.Node == start);
            for (var i = from; i < path.Count; i++)
            {
                var (node, next) = path[i];
                if (Subschemas[node].Edges[next - 1].Step != Step.Same)
                {
                    return false;
                }
            }

            return true;
        }

        private int? Follow(int resourceRoot, string pointer)
        {
            var node = Subschemas[resourceRoot].Node;
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
            if (StringOf(schema, "pattern") is { } pattern && LinearPatterns.Check(pattern, limits.MaxPatternLength) is { } problem)
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

        private static string? StringOf(JsonObject schema, string keyword) =>
            schema[keyword] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        private static string WithoutFragment(Uri uri)
        {
            var text = uri.AbsoluteUri;
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            return hash < 0 ? text : text[..hash];
        }

        private static string Escape(string segment) =>
            segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }
}
