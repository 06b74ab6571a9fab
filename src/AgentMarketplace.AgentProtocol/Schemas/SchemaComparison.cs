using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kinds = AgentMarketplace.AgentProtocol.Schemas.SchemaChangeKinds;

namespace AgentMarketplace.AgentProtocol.Schemas;

/// <summary>
/// The walk behind <see cref="SchemaCompatibility"/>. It compares the two schemas keyword by keyword and
/// says of each difference whether the new schema accepts more values (widens), fewer (narrows), some
/// of each (changes), or whether the platform cannot tell (not comparable). An input may widen and an
/// output may narrow; everything else breaks. The rules:
/// <list type="bullet">
/// <item>`type` (integer within number), `enum`/`const` as sets; numeric, length, item and property-count
/// bounds; `multipleOf` by divisibility; `pattern` and `format` added (narrows), removed (widens) or
/// changed (not comparable: two regular expressions cannot be compared in general); `uniqueItems`.</item>
/// <item>`required` per name; `properties` per name, with `additionalProperties` standing in for a name
/// one side does not declare (so removing a property that `additionalProperties: false` then refuses
/// narrows); `items` and `prefixItems` position by position; `allOf` and `anyOf` branch by branch;
/// `not` with the direction reversed; `$ref`s to this schema's own JSON pointers followed.</item>
/// <item>One assumption: a new optional input property where undeclared properties were allowed is not
/// breaking. Strictly it narrows (a caller may have sent that name with another type), but callers
/// send the properties a schema declares; every other change is judged strictly.</item>
/// <item>Annotations (`title`, `description`, `examples`, `default`, …) are ignored; any other keyword
/// (`oneOf`, `if`/`then`/`else`, `patternProperties`, `contains`, …) that differs is not comparable.</item>
/// </list>
/// </summary>
internal sealed partial class SchemaComparison(JsonNode? before, JsonNode? after, SchemaRole role)
{
    private const int MaxSteps = 20_000;
    private const int MaxReferenceHops = 32;

    private static readonly HashSet<string> Annotations =
    [
        "title", "description", "examples", "default", "$comment", "deprecated", "readOnly", "writeOnly",
        "$schema", "$id", "$anchor", "$dynamicAnchor", "$defs", "definitions", "$vocabulary",
        "contentMediaType", "contentEncoding", "contentSchema",
    ];

    private static readonly HashSet<string> Compared =
    [
        "type", "enum", "const", "minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "pattern", "format", "items", "prefixItems", "minItems", "maxItems", "uniqueItems",
        "properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties",
        "allOf", "anyOf", "not", "$ref",
    ];

    private static readonly JsonObject Anything = new();

    private readonly List<SchemaChange> _changes = [];
    private readonly HashSet<(JsonNode, JsonNode)> _compared = new(PairComparer.Instance);
    private int _steps;

    private enum Effect
    {
        Widens,
        Narrows,
        Changes,
        NotComparable,
    }

    public IReadOnlyList<SchemaChange> Run()
    {
        Compare(before, after, "", reversed: false);
        return _changes;
    }

    private void Compare(JsonNode? old, JsonNode? now, string path, bool reversed)
    {
        if (_steps > MaxSteps || JsonNode.DeepEquals(old, now) || _changes.Count >= SchemaCompatibility.MaxChanges)
        {
            return;
        }

        if (++_steps > MaxSteps)
        {
            Add(path, Kinds.NotComparable, Effect.NotComparable, "the schemas are too large to compare in full", reversed);
            return;
        }

        old = Resolve(old, before);
        now = Resolve(now, after);
        if (old is not null && now is not null && !_compared.Add((old, now)))
        {
            return; // a recursive schema comes back to a pair under comparison: what holds for it is decided there
        }

        var oldNothing = IsFalse(old);
        var nowNothing = IsFalse(now);
        if (oldNothing || nowNothing)
        {
            if (oldNothing != nowNothing)
            {
                Add(path, Kinds.Schema, oldNothing ? Effect.Widens : Effect.Narrows,
                    oldNothing ? "accepted no value before and accepts some now" : "accepts no value any more", reversed);
            }

            return;
        }

        if (AsSchema(old) is not { } x || AsSchema(now) is not { } y)
        {
            Add(path, Kinds.NotComparable, Effect.NotComparable, "is not a JSON Schema object or boolean", reversed);
            return;
        }

        foreach (var keyword in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
        {
            if (!Annotations.Contains(keyword) && !Compared.Contains(keyword) && !JsonNode.DeepEquals(x[keyword], y[keyword]))
            {
                Add(At(path, keyword), Kinds.NotComparable, Effect.NotComparable, $"`{keyword}` changed, which the platform does not compare", reversed);
            }
        }

        References(x, y, path, reversed);
        Types(x, y, path, reversed);
        Values(x, y, path, reversed);
        NumericBounds(x, y, path, reversed);
        MultipleOf(x, y, path, reversed);
        Count(x, y, path, "minLength", "maxLength", "length", reversed);
        Count(x, y, path, "minItems", "maxItems", "number of items", reversed);
        Count(x, y, path, "minProperties", "maxProperties", "number of properties", reversed);
        AddedOrRemoved(x, y, path, "pattern", Kinds.Pattern, "a pattern", reversed);
        AddedOrRemoved(x, y, path, "format", Kinds.Format, "a format", reversed);
        UniqueItems(x, y, path, reversed);
        Items(x, y, path, reversed);
        Required(x, y, path, reversed);
        Properties(x, y, path, reversed);
        Branches(x, y, path, "allOf", reversed);
        Branches(x, y, path, "anyOf", reversed);
        Not(x, y, path, reversed);
    }

    // ------------------------------------------------------------------ keywords

    private void References(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = x["$ref"];
        var now = y["$ref"];
        if (old is null && now is null)
        {
            return;
        }

        // A `$ref` beside other keywords is one more constraint (allOf): the targets compare like branches.
        var oldTarget = old is null ? null : Target(old, before);
        var nowTarget = now is null ? null : Target(now, after);
        if (oldTarget is not null && nowTarget is not null)
        {
            Compare(oldTarget, nowTarget, At(path, "$ref"), reversed);
        }
        else if (!JsonNode.DeepEquals(old, now) || !JsonNode.DeepEquals(Definitions(before), Definitions(after)))
        {
            Add(At(path, "$ref"), Kinds.NotComparable, Effect.NotComparable, "`$ref` changed in a way the platform cannot follow", reversed);
        }
    }

    private void Types(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = TypeSet(x["type"]);
        var now = TypeSet(y["type"]);
        if (old is null && now is null)
        {
            return;
        }

        var lost = ((IEnumerable<string>?)old ?? AllTypes).Where(t => !Covers(now, t)).ToList();
        var gained = ((IEnumerable<string>?)now ?? AllTypes).Where(t => !Covers(old, t)).ToList();
        if (lost.Count == 0 && gained.Count == 0)
        {
            return;
        }

        var effect = lost.Count > 0 && gained.Count > 0 ? Effect.Changes : lost.Count > 0 ? Effect.Narrows : Effect.Widens;
        Add(At(path, "type"), Kinds.Type, effect, $"`type` went from {Describe(old)} to {Describe(now)}", reversed);
    }

    private void Values(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = AllowedValues(x);
        var now = AllowedValues(y);
        if (old is null && now is null)
        {
            return;
        }

        var keyword = y.ContainsKey("enum") || (!y.ContainsKey("const") && x.ContainsKey("enum")) ? "enum" : "const";
        if (old is null || now is null)
        {
            Add(At(path, keyword), Kinds.Enum, now is null ? Effect.Widens : Effect.Narrows,
                now is null ? $"`{keyword}` was removed: any value is allowed" : $"only {Quote(now)} are allowed now", reversed);
            return;
        }

        var removed = old.Where(v => !now.Any(n => JsonNode.DeepEquals(n, v))).ToList();
        var added = now.Where(v => !old.Any(o => JsonNode.DeepEquals(o, v))).ToList();
        if (removed.Count > 0 || added.Count > 0)
        {
            var effect = removed.Count > 0 && added.Count > 0 ? Effect.Changes : removed.Count > 0 ? Effect.Narrows : Effect.Widens;
            var parts = new[] { removed.Count > 0 ? $"{Quote(removed)} removed" : null, added.Count > 0 ? $"{Quote(added)} added" : null };
            Add(At(path, keyword), Kinds.Enum, effect, $"allowed values changed: {string.Join("; ", parts.OfType<string>())}", reversed);
        }
    }

    private void NumericBounds(JsonObject x, JsonObject y, string path, bool reversed)
    {
        Bound("minimum", "exclusiveMinimum", lower: true);
        Bound("maximum", "exclusiveMaximum", lower: false);

        void Bound(string inclusive, string exclusive, bool lower)
        {
            var old = Tightest(x, inclusive, exclusive, lower);
            var now = Tightest(y, inclusive, exclusive, lower);
            var tighter = TighterBy(old, now, lower);
            if (tighter != 0)
            {
                var keyword = now is { } n ? (n.Exclusive ? exclusive : inclusive) : old!.Value.Exclusive ? exclusive : inclusive;
                Add(At(path, keyword), Kinds.Bound, tighter > 0 ? Effect.Narrows : Effect.Widens,
                    $"the {(lower ? "lower" : "upper")} bound went from {Show(old, lower)} to {Show(now, lower)}", reversed);
            }
        }
    }

    private void MultipleOf(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = Number(x["multipleOf"]);
        var now = Number(y["multipleOf"]);
        if (old == now)
        {
            return;
        }

        // Multiples of 4 are multiples of 2: a divisor of the old step accepts more.
        var effect = old is null ? Effect.Narrows
            : now is null ? Effect.Widens
            : old.Value % now.Value == 0 ? Effect.Widens
            : now.Value % old.Value == 0 ? Effect.Narrows
            : Effect.Changes;
        Add(At(path, "multipleOf"), Kinds.MultipleOf, effect, $"`multipleOf` went from {Show(old)} to {Show(now)}", reversed);
    }

    private void Count(JsonObject x, JsonObject y, string path, string min, string max, string what, bool reversed)
    {
        var oldMin = Number(x[min]) ?? 0;
        var nowMin = Number(y[min]) ?? 0;
        if (oldMin != nowMin)
        {
            Add(At(path, min), Kinds.Bound, nowMin > oldMin ? Effect.Narrows : Effect.Widens,
                $"the least {what} went from {Show(oldMin)} to {Show(nowMin)}", reversed);
        }

        var oldMax = Number(x[max]);
        var nowMax = Number(y[max]);
        if (oldMax != nowMax)
        {
            var narrows = nowMax is not null && (oldMax is null || nowMax < oldMax);
            Add(At(path, max), Kinds.Bound, narrows ? Effect.Narrows : Effect.Widens,
                $"the most {what} went from {Show(oldMax, "no limit")} to {Show(nowMax, "no limit")}", reversed);
        }
    }

    private void AddedOrRemoved(JsonObject x, JsonObject y, string path, string keyword, string kind, string what, bool reversed)
    {
        var old = x[keyword];
        var now = y[keyword];
        if (JsonNode.DeepEquals(old, now))
        {
            return;
        }

        if (old is null || now is null)
        {
            Add(At(path, keyword), kind, old is null ? Effect.Narrows : Effect.Widens,
                old is null ? $"{what} was added ({Shorten(now)})" : $"{what} was removed ({Shorten(old)})", reversed);
        }
        else
        {
            Add(At(path, keyword), kind, Effect.NotComparable,
                $"{what} changed from {Shorten(old)} to {Shorten(now)}; the platform cannot prove the new one accepts what the old one did", reversed);
        }
    }

    private void UniqueItems(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = IsTrueValue(x["uniqueItems"]);
        var now = IsTrueValue(y["uniqueItems"]);
        if (old != now)
        {
            Add(At(path, "uniqueItems"), Kinds.UniqueItems, now ? Effect.Narrows : Effect.Widens,
                now ? "items must be unique now" : "items need not be unique any more", reversed);
        }
    }

    private void Items(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var oldPrefix = x["prefixItems"] as JsonArray ?? [];
        var nowPrefix = y["prefixItems"] as JsonArray ?? [];
        // Past the prefix, `items` applies: each position compares what applied to it on either side.
        for (var i = 0; i < Math.Max(oldPrefix.Count, nowPrefix.Count); i++)
        {
            Compare(i < oldPrefix.Count ? oldPrefix[i] : x["items"], i < nowPrefix.Count ? nowPrefix[i] : y["items"], $"{At(path, "prefixItems")}[{i}]", reversed);
        }

        Compare(x["items"], y["items"], At(path, "items"), reversed);
    }

    private void Required(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = Names(x["required"]);
        var now = Names(y["required"]);
        foreach (var name in now.Except(old))
        {
            Add(At(path, "required"), Kinds.RequiredAdded, Effect.Narrows, $"property '{name}' is required now", reversed);
        }

        foreach (var name in old.Except(now))
        {
            Add(At(path, "required"), Kinds.RequiredRemoved, Effect.Widens, $"property '{name}' is not required any more", reversed);
        }
    }

    private void Properties(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var patterns = !JsonNode.DeepEquals(x["patternProperties"], y["patternProperties"]);
        if (patterns)
        {
            Add(At(path, "patternProperties"), Kinds.NotComparable, Effect.NotComparable, "`patternProperties` changed, which the platform does not compare", reversed);
        }

        var named = x.ContainsKey("patternProperties") || y.ContainsKey("patternProperties");
        var old = x["properties"] as JsonObject ?? [];
        var now = y["properties"] as JsonObject ?? [];
        foreach (var name in old.Select(p => p.Key).Union(now.Select(p => p.Key)))
        {
            var at = Property(path, name);
            var inOld = old.TryGetPropertyValue(name, out var oldSchema);
            var inNow = now.TryGetPropertyValue(name, out var nowSchema);
            if (inOld && inNow)
            {
                Compare(oldSchema, nowSchema, at, reversed);
            }
            else if (named)
            {
                // Which pattern a name falls under would take comparing regular expressions.
                Add(at, Kinds.NotComparable, Effect.NotComparable, $"property '{name}' was {(inNow ? "added" : "removed")} beside `patternProperties`", reversed);
            }
            else if (inNow)
            {
                PropertyAdded(x["additionalProperties"], nowSchema, name, at, reversed);
            }
            else
            {
                PropertyRemoved(oldSchema, y["additionalProperties"], name, at, reversed);
            }
        }

        var oldOpen = IsOpen(x["additionalProperties"]);
        var nowOpen = IsOpen(y["additionalProperties"]);
        if (oldOpen != nowOpen && (IsFalse(x["additionalProperties"]) || IsFalse(y["additionalProperties"])))
        {
            Add(At(path, "additionalProperties"), Kinds.AdditionalProperties, nowOpen ? Effect.Widens : Effect.Narrows,
                nowOpen ? "undeclared properties are allowed now" : "undeclared properties are refused now (additionalProperties: false)", reversed);
        }
        else
        {
            Compare(x["additionalProperties"], y["additionalProperties"], At(path, "additionalProperties"), reversed);
        }
    }

    private void PropertyAdded(JsonNode? oldRest, JsonNode? nowSchema, string name, string at, bool reversed)
    {
        if (IsOpen(oldRest))
        {
            // The one assumption (see the class): callers do not send properties a schema does not declare.
            Add(at, Kinds.PropertyAdded, role == SchemaRole.Input ? Effect.Widens : Effect.Narrows, $"property '{name}' was added", reversed);
        }
        else if (IsFalse(oldRest))
        {
            Add(at, Kinds.PropertyAdded, Effect.Widens, $"property '{name}' was added where undeclared properties were refused", reversed);
        }
        else
        {
            Compare(oldRest, nowSchema, at, reversed);
        }
    }

    private void PropertyRemoved(JsonNode? oldSchema, JsonNode? nowRest, string name, string at, bool reversed)
    {
        if (IsOpen(nowRest))
        {
            Add(at, Kinds.PropertyRemoved, Effect.Widens, $"property '{name}' is not described any more (any value is allowed for it)", reversed);
        }
        else if (IsFalse(nowRest))
        {
            Add(at, Kinds.PropertyRemoved, Effect.Narrows, $"property '{name}' was removed and additionalProperties is false, so it is refused", reversed);
        }
        else
        {
            Compare(oldSchema, nowRest, at, reversed);
        }
    }

    private void Branches(JsonObject x, JsonObject y, string path, string keyword, bool reversed)
    {
        var old = x[keyword] as JsonArray;
        var now = y[keyword] as JsonArray;
        if (JsonNode.DeepEquals(old, now))
        {
            return;
        }

        var all = keyword == "allOf";
        if (old is null || now is null)
        {
            // allOf adds constraints; anyOf with branches is at least as strict as no anyOf.
            Add(At(path, keyword), Kinds.Schema, old is null ? Effect.Narrows : Effect.Widens, $"`{keyword}` was {(old is null ? "added" : "removed")}", reversed);
        }
        else if (old.Count == now.Count)
        {
            // Both are monotone: each branch accepting more makes the whole accept more.
            for (var i = 0; i < old.Count; i++)
            {
                Compare(old[i], now[i], $"{At(path, keyword)}[{i}]", reversed);
            }
        }
        else
        {
            var kept = old.All(o => now.Any(n => JsonNode.DeepEquals(o, n)));
            var within = now.All(n => old.Any(o => JsonNode.DeepEquals(o, n)));
            var effect = kept ? (all ? Effect.Narrows : Effect.Widens) : within ? (all ? Effect.Widens : Effect.Narrows) : Effect.NotComparable;
            Add(At(path, keyword), Kinds.Schema, effect, $"`{keyword}` went from {old.Count} to {now.Count} branches", reversed);
        }
    }

    private void Not(JsonObject x, JsonObject y, string path, bool reversed)
    {
        var old = x["not"];
        var now = y["not"];
        if (old is not null && now is not null)
        {
            Compare(old, now, At(path, "not"), !reversed); // what `not` refuses growing means fewer values accepted
        }
        else if (old is not null || now is not null)
        {
            Add(At(path, "not"), Kinds.Schema, old is null ? Effect.Narrows : Effect.Widens, $"`not` was {(old is null ? "added" : "removed")}", reversed);
        }
    }

    // ------------------------------------------------------------------ recording

    private void Add(string path, string kind, Effect effect, string detail, bool reversed)
    {
        if (_changes.Count >= SchemaCompatibility.MaxChanges)
        {
            return;
        }

        if (reversed)
        {
            effect = effect switch { Effect.Widens => Effect.Narrows, Effect.Narrows => Effect.Widens, _ => effect };
        }

        var input = role == SchemaRole.Input;
        var breaking = effect switch
        {
            Effect.Widens => !input,
            Effect.Narrows => input,
            _ => true,
        };
        var meaning = effect switch
        {
            Effect.NotComparable => "the platform cannot prove this compatible, so it counts as breaking",
            Effect.Changes => input ? "some inputs that passed before are refused now" : "some outputs differ from what was promised",
            Effect.Narrows when input => "inputs that passed before may be refused now",
            Effect.Widens when !input => "the output may hold values callers were promised it would not",
            _ => input ? "the input accepts more" : "the output promises more",
        };
        _changes.Add(new SchemaChange(path, kind, breaking, $"{detail}: {meaning}."));
    }

    // ------------------------------------------------------------------ reading schemas

    private static readonly string[] AllTypes = ["null", "boolean", "object", "array", "number", "string", "integer"];

    private readonly record struct Limit(decimal Value, bool Exclusive);

    /// <summary>`true`, a missing schema, `{}` or a schema of annotations only: anything goes.</summary>
    private static bool IsOpen(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.All(p => Annotations.Contains(p.Key)),
        JsonValue value => value.GetValueKind() == JsonValueKind.True,
        _ => false,
    };

    private static bool IsFalse(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.False;

    private static bool IsTrueValue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    private static JsonObject? AsSchema(JsonNode? node) => node switch
    {
        null => Anything,
        JsonObject obj => obj,
        JsonValue value when value.GetValueKind() == JsonValueKind.True => Anything,
        _ => null,
    };

    /// <summary>A schema that is only a `$ref` to this schema's own JSON pointer (beside annotations) is its target.</summary>
    private static JsonNode? Resolve(JsonNode? node, JsonNode? root)
    {
        for (var hop = 0; hop < MaxReferenceHops; hop++)
        {
            if (node is not JsonObject obj || obj["$ref"] is not { } reference
                || !obj.All(p => p.Key == "$ref" || Annotations.Contains(p.Key)) || Target(reference, root) is not { } target)
            {
                return node;
            }

            node = target;
        }

        return node;
    }

    /// <summary>Where a `$ref` of this schema's own (`#` or `#/json/pointer`) points; null for anything else.</summary>
    private static JsonNode? Target(JsonNode reference, JsonNode? root)
    {
        if (reference is not JsonValue value || !value.TryGetValue<string>(out var text) || !text.StartsWith('#'))
        {
            return null;
        }

        var pointer = Uri.UnescapeDataString(text[1..]);
        if (pointer.Length == 0)
        {
            return root;
        }

        if (!pointer.StartsWith('/'))
        {
            return null; // an anchor
        }

        var node = root;
        foreach (var raw in pointer[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static JsonNode? Definitions(JsonNode? root) => (root as JsonObject)?["$defs"] ?? (root as JsonObject)?["definitions"];

    private static HashSet<string>? TypeSet(JsonNode? type) => type switch
    {
        JsonValue value when value.TryGetValue<string>(out var one) => [one],
        JsonArray many => many.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : "").ToHashSet(),
        _ => null,
    };

    private static bool Covers(HashSet<string>? types, string type) =>
        types is null || types.Contains(type) || (type == "integer" && types.Contains("number"));

    private static string Describe(HashSet<string>? types) => types is null ? "any" : string.Join(" or ", types.Order(StringComparer.Ordinal));

    private static List<JsonNode?>? AllowedValues(JsonObject schema) =>
        schema["enum"] is JsonArray values ? [.. values]
        : schema.TryGetPropertyValue("const", out var constant) ? [constant]
        : null;

    private static HashSet<string> Names(JsonNode? node) =>
        (node as JsonArray)?.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToHashSet(StringComparer.Ordinal) ?? [];

    private static decimal? Number(JsonNode? node)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
        {
            return null;
        }

        if (value.TryGetValue<decimal>(out var exact))
        {
            return exact;
        }

        return value.TryGetValue<double>(out var approximate) && double.IsFinite(approximate)
            ? (decimal)Math.Clamp(approximate, (double)decimal.MinValue, (double)decimal.MaxValue)
            : null;
    }

    /// <summary>The tighter of the inclusive and exclusive bound on one side, or null for none.</summary>
    private static Limit? Tightest(JsonObject schema, string inclusive, string exclusive, bool lower)
    {
        var a = Number(schema[inclusive]) is { } i ? new Limit(i, false) : (Limit?)null;
        var b = Number(schema[exclusive]) is { } e ? new Limit(e, true) : (Limit?)null;
        return a is null ? b : b is null ? a : TighterBy(a, b, lower) > 0 ? b : a;
    }

    /// <summary>Positive when <paramref name="now"/> is tighter than <paramref name="old"/>, negative when looser, 0 when the same.</summary>
    private static int TighterBy(Limit? old, Limit? now, bool lower)
    {
        if (old is null || now is null)
        {
            return old is null && now is null ? 0 : old is null ? 1 : -1;
        }

        var (o, n) = (old.Value, now.Value);
        if (o.Value != n.Value)
        {
            return (n.Value > o.Value) == lower ? 1 : -1;
        }

        return o.Exclusive == n.Exclusive ? 0 : n.Exclusive ? 1 : -1;
    }

    private static string Show(Limit? limit, bool lower) => limit is not { } l
        ? "none"
        : $"{(lower ? (l.Exclusive ? ">" : "≥") : (l.Exclusive ? "<" : "≤"))} {Show(l.Value)}";

    private static string Show(decimal? value, string none = "none") =>
        value?.ToString(CultureInfo.InvariantCulture) ?? none;

    private static string Quote(IEnumerable<JsonNode?> values)
    {
        var list = values.ToList();
        var shown = string.Join(", ", list.Take(5).Select(Shorten));
        return list.Count > 5 ? $"{shown} and {list.Count - 5} more" : shown;
    }

    private static string Shorten(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    private static string At(string path, string keyword) => path.Length == 0 ? keyword : $"{path}.{keyword}";

    private static string Property(string path, string name) =>
        $"{At(path, "properties")}{(PlainName().IsMatch(name) ? "." + name : "[" + JsonSerializer.Serialize(name) + "]")}";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex PlainName();

    /// <summary>Pairs of schema nodes by reference: a recursive schema meets the same pair again.</summary>
    private sealed class PairComparer : IEqualityComparer<(JsonNode, JsonNode)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((JsonNode, JsonNode) a, (JsonNode, JsonNode) b) =>
            ReferenceEquals(a.Item1, b.Item1) && ReferenceEquals(a.Item2, b.Item2);

        public int GetHashCode((JsonNode, JsonNode) pair) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(pair.Item1), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(pair.Item2));
    }
}
