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
        Assert.Contains("too many JSON values", schema.Check(large));
    }

    [Fact]
    public void A_stored_schema_beyond_the_limits_is_never_evaluated() =>
        Assert.Contains("cannot be evaluated", new CompiledSchema(Doubling(40).ToJsonString()).Check(JsonValue.Create(1)));

    [Fact]
    public void Values_are_counted_without_recursion_and_only_as_far_as_asked()
    {
        Assert.Equal(4, SchemaBounds.CountValues(Parse("""{"a":[1,2]}"""), 100));
        Assert.Equal(11, SchemaBounds.CountValues(new JsonArray(Enumerable.Range(0, 1_000).Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()), 10));
    }
}
