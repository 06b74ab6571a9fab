using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol.Schemas;

namespace AgentMarketplace.Registry.Tests;

/// <summary>Hostile schemas are refused by their shape, before anything evaluates them.</summary>
public sealed class SchemaBoundsTests
{
    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    /// <summary>`$defs` a0 → a1 → … → a{links}: each definition is a `$ref` to the next.</summary>
    internal static JsonObject RefChain(int links)
    {
        var defs = new JsonObject();
        for (var i = 0; i < links; i++)
        {
            defs[$"a{i}"] = new JsonObject { ["$ref"] = $"#/$defs/a{i + 1}" };
        }

        defs[$"a{links}"] = new JsonObject { ["type"] = "string" };
        return new JsonObject { ["$ref"] = "#/$defs/a0", ["$defs"] = defs };
    }

    /// <summary>Each level is `allOf` of two `$ref`s to the next: 2^levels evaluations, written in a few KB.</summary>
    internal static JsonObject Doubling(int levels)
    {
        var defs = new JsonObject();
        for (var i = 0; i < levels; i++)
        {
            defs[$"d{i}"] = new JsonObject
            {
                ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = $"#/$defs/d{i + 1}" }, new JsonObject { ["$ref"] = $"#/$defs/d{i + 1}" }),
            };
        }

        defs[$"d{levels}"] = new JsonObject { ["type"] = "integer" };
        return new JsonObject { ["$ref"] = "#/$defs/d0", ["$defs"] = defs };
    }

    [Fact]
    public void A_twenty_thousand_link_ref_chain_is_refused_for_its_size()
    {
        var problem = JsonSchemas.CheckSchema(RefChain(20_000));

        Assert.NotNull(problem);
        Assert.Contains("KB", problem);
    }

    [Fact]
    public void A_ref_chain_small_enough_to_send_but_too_long_to_follow_is_refused()
    {
        var problem = SchemaBounds.Check(RefChain(1_000), SchemaLimits.Default);

        Assert.NotNull(problem);
        Assert.Contains("path of more than 64", problem);
    }

    [Fact]
    public void A_short_ref_chain_is_fine() => Assert.Null(JsonSchemas.CheckSchema(RefChain(10)));

    [Fact]
    public void Refs_that_double_at_each_level_are_refused_for_their_cost()
    {
        // 25 levels stay within the path limit; 2^25 evaluations do not stay within the cost limit.
        var problem = JsonSchemas.CheckSchema(Doubling(25));

        Assert.NotNull(problem);
        Assert.Contains("too costly to evaluate", problem);
        Assert.NotNull(JsonSchemas.CheckSchema(Doubling(40)));
    }

    [Fact]
    public void An_enum_counts_its_members_toward_the_cost()
    {
        var members = new JsonArray(Enumerable.Range(0, 3_000).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray());

        Assert.Contains("too costly", SchemaBounds.Check(new JsonObject { ["enum"] = members }, SchemaLimits.Default));
    }

    [Fact]
    public void A_recursive_schema_counts_its_recursion_once()
    {
        var tree = Parse("""
            {"$defs":{"node":{"type":"object","properties":{"value":{"type":"integer"},
              "children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},"$ref":"#/$defs/node"}
            """);

        Assert.Null(JsonSchemas.CheckSchema(tree));
        Assert.Null(JsonSchemas.Check(tree, Parse("""{"value":1,"children":[{"value":2,"children":[]}]}""")));
        Assert.NotNull(JsonSchemas.Check(tree, Parse("""{"value":1,"children":[{"value":"two"}]}""")));
    }

    [Fact]
    public void Subschemas_nested_too_deeply_are_refused()
    {
        JsonNode schema = new JsonObject { ["type"] = "string" };
        for (var i = 0; i < 40; i++)
        {
            schema = new JsonObject { ["not"] = schema };
        }

        Assert.Contains("levels deep", SchemaBounds.Check(schema, SchemaLimits.Default));
    }

    [Theory]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "names no subschema")]
    [InlineData("""{"$ref":"https://elsewhere.example/schema.json"}""", "not part of this schema")]
    [InlineData("""{"$ref":"#nowhere"}""", "names no subschema")]
    public void Refs_must_name_a_subschema_of_the_schema(string schema, string reason) =>
        Assert.Contains(reason, SchemaBounds.Check(Parse(schema), SchemaLimits.Default));

    [Theory]
    [InlineData("""{"$defs":{"s":{"$anchor":"short","maxLength":3}},"$ref":"#short"}""")]
    [InlineData("""{"$defs":{"s":{"$id":"https://example.com/s.json","maxLength":3}},"$ref":"https://example.com/s.json"}""")]
    [InlineData("""{"properties":{"a~b":{"maxLength":3},"x":{"$ref":"#/properties/a~0b"}}}""")]
    public void Refs_by_anchor_id_and_escaped_pointer_resolve(string schema)
    {
        Assert.Null(SchemaBounds.Check(Parse(schema), SchemaLimits.Default));
        Assert.Null(JsonSchemas.CheckSchema(Parse(schema)));
    }

    [Fact]
    public void A_schema_beyond_the_size_limit_is_refused()
    {
        var description = new string('x', 70 * 1024);

        Assert.Contains("at most 64 KB", JsonSchemas.CheckSchema(new JsonObject { ["description"] = description }));
    }

    [Theory]
    [InlineData("""{"pattern":"(a)\\1"}""", "linear time")]
    [InlineData("""{"pattern":"(?=a)b"}""", "linear time")]
    [InlineData("""{"patternProperties":{"(?<=x)y":{}}}""", "linear time")]
    [InlineData("""{"pattern":"(unclosed"}""", "not a valid regular expression")]
    public void Patterns_that_need_backtracking_or_do_not_parse_are_refused(string schema, string reason) =>
        Assert.Contains(reason, JsonSchemas.CheckSchema(Parse(schema)));

    [Fact]
    public void A_catastrophic_pattern_is_accepted_and_still_answers_exactly()
    {
        var schema = Parse("""{"type":"string","pattern":"^(a+)+$"}""");

        Assert.Null(JsonSchemas.CheckSchema(schema));
        Assert.Null(JsonSchemas.Check(schema, JsonValue.Create(new string('a', 34))));
        Assert.Contains("does not match", JsonSchemas.Check(schema, JsonValue.Create(new string('a', 34) + "!")));
    }

    [Fact]
    public void Pattern_work_past_the_budget_is_refused_before_it_is_done_and_work_within_it_is_not()
    {
        var limits = new SchemaLimits { MaxPatternWork = 10_000 };
        var schema = new CompiledSchema("""{"type":"array","items":{"type":"string","pattern":"^[a-z]+$"}}""", limits);
        var within = new JsonArray([.. Enumerable.Repeat(0, 10).Select(_ => JsonValue.Create(new string('a', 100)))]);
        var beyond = new JsonArray([.. Enumerable.Repeat(0, 20).Select(_ => JsonValue.Create(new string('a', 100)))]);

        Assert.Null(schema.Check(within));                                                // 10 × 101 × 9 units
        Assert.Contains("patterns took too long", schema.Check(beyond));                  // 20 × 101 × 9 > 10,000
    }

    [Fact]
    public void Pattern_properties_match_as_the_standard_says_and_additional_properties_see_them()
    {
        var schema = Parse("""
            {"type":"object","patternProperties":{"^x-":{"type":"integer"}},"properties":{"name":{"type":"string"},
             "alias":{"$ref":"#/patternProperties/^x-"}},"additionalProperties":false}
            """);

        Assert.Null(JsonSchemas.CheckSchema(schema));
        Assert.Null(JsonSchemas.Check(schema, Parse("""{"name":"n","x-count":3,"alias":4}""")));
        Assert.NotNull(JsonSchemas.Check(schema, Parse("""{"x-count":"three"}""")));
        Assert.NotNull(JsonSchemas.Check(schema, Parse("""{"other":1}""")));
        Assert.NotNull(JsonSchemas.Check(schema, Parse("""{"alias":"four"}""")));
    }

    [Theory]
    [InlineData("[1, 2, 3]", true)]
    [InlineData("[1, 2, 1.0]", false)]
    [InlineData("""[{"a":1,"b":2},{"b":2,"a":1}]""", false)]
    [InlineData("""[{"a":1},{"a":"1"}]""", true)]
    [InlineData("""[[1,2],[2,1]]""", true)]
    [InlineData("""["a", "a"]""", false)]
    [InlineData("""[null, false, 0, ""]""", true)]
    public void Unique_items_compares_by_value(string items, bool unique)
    {
        var schema = Parse("""{"type":"array","uniqueItems":true}""");

        Assert.Equal(unique, JsonSchemas.Check(schema, Parse(items)) is null);
    }

    [Fact]
    public void A_value_too_large_for_its_schema_is_refused_unevaluated()
    {
        var schema = new CompiledSchema("""{"type":"array","items":{"anyOf":[{"const":1},{"const":2},{"const":3},{"const":4}]}}""");
        var small = new JsonArray(Enumerable.Range(0, 100).Select(i => (JsonNode?)JsonValue.Create(1 + i % 4)).ToArray());
        var large = new JsonArray(Enumerable.Range(0, 20_000).Select(i => (JsonNode?)JsonValue.Create(1 + i % 4)).ToArray());

        Assert.Null(schema.Check(small));
        Assert.Contains("too large for this schema", schema.Check(large));
    }

    /// <summary>Four references to a definition that recurses into `a`: 4^depth evaluations for a value nested in `a`.</summary>
    private const string Quadrupling = """
        {"allOf":[{"$ref":"#/$defs/T"},{"$ref":"#/$defs/T"},{"$ref":"#/$defs/T"},{"$ref":"#/$defs/T"}],
         "$defs":{"T":{"properties":{"a":{"$ref":"#"}}}}}
        """;

    private static JsonNode NestedIn(string member, int depth)
    {
        JsonNode value = new JsonObject();
        for (var i = 0; i < depth; i++)
        {
            value = new JsonObject { [member] = value };
        }

        return value;
    }

    [Fact]
    public void Recursion_that_repeats_per_level_of_the_value_is_counted_per_level()
    {
        var schema = new CompiledSchema(Quadrupling);

        Assert.Null(JsonSchemas.CheckSchema(Parse(Quadrupling)));
        Assert.Null(schema.Check(NestedIn("a", 3)));
        // 4^9 evaluations took 41 s in JsonSchema.Net; counted first, the value is refused at once.
        Assert.Contains("too large for this schema", schema.Check(NestedIn("a", 9)));
    }

    [Fact]
    public void A_value_nested_deeper_than_its_recursion_may_go_is_refused()
    {
        var limits = SchemaLimits.Default with { MaxEvaluationDepth = 10 };
        var tree = new CompiledSchema("""{"properties":{"child":{"$ref":"#"}}}""", limits);

        Assert.Null(tree.Check(NestedIn("child", 4)));
        Assert.Contains("nested too deeply", tree.Check(NestedIn("child", 12)));
    }

    [Fact]
    public void A_ref_loop_that_never_moves_into_the_value_is_refused() =>
        Assert.Contains("never moves into the value",
            SchemaBounds.Check(Parse("""{"$defs":{"a":{"$ref":"#/$defs/b"},"b":{"allOf":[{"$ref":"#/$defs/a"}]}},"$ref":"#/$defs/a"}"""), SchemaLimits.Default));

    [Fact]
    public void A_twenty_thousand_link_chain_is_walked_without_recursion_when_size_allows()
    {
        var problem = SchemaBounds.Check(RefChain(20_000), SchemaLimits.Default with { MaxBytes = 1024 * 1024 });

        Assert.Contains("path of more than 64", problem);
    }

    [Theory]
    [InlineData("""{"$defs":{"small":{"$anchor":"x"},"big":{"$anchor":"x","type":"string"}},"$ref":"#x"}""", "anchor 'x' twice")]
    [InlineData("""{"$defs":{"a":{"$id":"https://e.example/a.json"},"b":{"$id":"https://e.example/a.json"}}}""", "`$id`")]
    [InlineData("""{"$recursiveRef":"#"}""", "2019-09")]
    [InlineData("""{"$ref":"https://json-schema.org/draft/2020-12/schema"}""", "not part of this schema")]
    public void Names_the_evaluator_could_resolve_otherwise_are_refused(string schema, string reason) =>
        Assert.Contains(reason, SchemaBounds.Check(Parse(schema), SchemaLimits.Default));

    [Fact]
    public void A_dynamic_ref_is_measured_against_every_anchor_of_its_name()
    {
        // The outer anchor, not the static target, is what the evaluator may reach at run time.
        var defs = new JsonObject { ["inner"] = new JsonObject { ["$dynamicAnchor"] = "node", ["type"] = "object" } };
        var outer = Doubling(25);
        outer["$id"] = "https://e.example/outer.json";
        outer["$dynamicAnchor"] = "node";
        defs["outer"] = outer;
        var schema = new JsonObject { ["$dynamicRef"] = "#node", ["$defs"] = defs };

        Assert.Contains("too costly", SchemaBounds.Check(schema, SchemaLimits.Default));
    }

    [Fact]
    public void A_stored_schema_beyond_the_limits_is_never_evaluated() =>
        Assert.Contains("cannot be evaluated", new CompiledSchema(Doubling(40).ToJsonString()).Check(JsonValue.Create(1)));

    [Fact]
    public void Work_counts_the_subschemas_each_part_of_the_value_meets()
    {
        var (_, graph) = SchemaBounds.Analyze(Parse("""{"type":"object","properties":{"a":{"type":"array","items":{"type":"integer"}},"b":{}}}"""), SchemaLimits.Default);

        // The root, `a`, and `items` once per item: 1 + 1 + 3; `b` is absent from the value, so not evaluated.
        Assert.Null(graph!.CountWork(Parse("""{"a":[1,2,3]}"""), 5, 10));
        Assert.NotNull(graph.CountWork(Parse("""{"a":[1,2,3]}"""), 4, 10));
    }
}
