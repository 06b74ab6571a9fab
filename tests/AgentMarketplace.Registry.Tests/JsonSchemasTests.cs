using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol.Schemas;

namespace AgentMarketplace.Registry.Tests;

public sealed class JsonSchemasTests
{
    private static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    [Theory]
    [InlineData("""{"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""")]
    [InlineData("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","items":{"type":"integer"}}""")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Valid_2020_12_schemas_are_accepted(string schema) => Assert.Null(JsonSchemas.CheckSchema(Parse(schema)));

    [Theory]
    [InlineData("""{"type":"strng"}""")]
    [InlineData("""{"type":"object","required":"text"}""")]
    [InlineData("""{"minLength":-1}""")]
    [InlineData("""{"$schema":"http://json-schema.org/draft-07/schema#"}""")]
    [InlineData("42")]
    [InlineData("\"a string\"")]
    [InlineData("[]")]
    public void Invalid_or_foreign_schemas_are_refused(string schema) => Assert.NotNull(JsonSchemas.CheckSchema(Parse(schema)));

    [Fact]
    public void A_ref_that_cannot_be_resolved_is_refused() =>
        Assert.NotNull(JsonSchemas.CheckSchema(Parse("""{"$ref":"https://schemas.example.com/nothing.json"}""")));

    [Fact]
    public void Instances_are_checked_against_the_schema_with_a_reason()
    {
        var schema = Parse("""{"type":"object","properties":{"words":{"type":"integer"}},"required":["words"]}""");

        Assert.Null(JsonSchemas.Check(schema, Parse("""{"words":3}""")));
        Assert.Contains("/words", JsonSchemas.Check(schema, Parse("""{"words":"three"}""")));
        Assert.NotNull(JsonSchemas.Check(schema, Parse("{}")));
        Assert.NotNull(JsonSchemas.Check(schema, null));
    }

    [Fact]
    public void A_compiled_schema_gives_every_concurrent_caller_its_own_right_answer()
    {
        // Subschemas (if/then, items) are where shared JsonSchema.Net evaluation state went wrong.
        var schema = new CompiledSchema("""
            {"type":"object",
             "if":{"properties":{"kind":{"const":"list"}}},
             "then":{"properties":{"items":{"type":"array","items":{"type":"integer"}}},"required":["items"]},
             "else":{"properties":{"text":{"type":"string","minLength":1}},"required":["text"]}}
            """);
        JsonNode[] valid = [Parse("""{"kind":"list","items":[1,2,3]}"""), Parse("""{"kind":"text","text":"hello"}""")];
        JsonNode[] invalid = [Parse("""{"kind":"list","items":[1,"two"]}"""), Parse("""{"kind":"text","text":""}"""), Parse("""{"kind":"list"}""")];

        var wrong = 0;
        Parallel.For(0, 4000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var shouldPass = i % 2 == 0;
            var instance = shouldPass ? valid[i % valid.Length] : invalid[i % invalid.Length];
            if ((schema.Check(instance) is null) != shouldPass)
            {
                Interlocked.Increment(ref wrong);
            }
        });

        Assert.Equal(0, wrong);
    }
}
