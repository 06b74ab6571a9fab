using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.McpEdge.Server;

namespace AgentMarketplace.McpEdge.Tests;

public sealed class ToolSchemasTests
{
    private const string ObjectSchema = """{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"text":{"type":"string"}}}""";

    [Fact]
    public void An_object_schema_is_the_tools_schema_as_it_is()
    {
        var (schema, wrapped) = ToolSchemas.Input(ObjectSchema);

        Assert.False(wrapped);
        Assert.Equal(JsonNode.Parse(ObjectSchema)!.ToJsonString(), JsonNode.Parse(schema.GetRawText())!.ToJsonString());
    }

    [Theory]
    [InlineData("""{"type":"string"}""")]
    [InlineData("""{"type":["object","null"]}""")]
    [InlineData("{}")]
    [InlineData("true")]
    public void Any_other_schema_is_wrapped_as_the_one_required_property_of_an_object(string capabilitySchema)
    {
        var (schema, wrapped) = ToolSchemas.Output(capabilitySchema);

        Assert.True(wrapped);
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["output"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonNode.Parse(capabilitySchema)!.ToJsonString(), JsonNode.Parse(schema.GetProperty("properties").GetProperty("output").GetRawText())!.ToJsonString());
    }

    [Fact]
    public void A_wrapped_schemas_dialect_moves_to_the_wrapper()
    {
        var (schema, _) = ToolSchemas.Input("""{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array"}""");

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.GetProperty("$schema").GetString());
        Assert.False(schema.GetProperty("properties").GetProperty("input").TryGetProperty("$schema", out _));
    }

    [Fact]
    public void Arguments_are_the_input_or_unwrapped_from_it()
    {
        var arguments = new Dictionary<string, JsonElement>
        {
            ["input"] = JsonSerializer.SerializeToElement(new[] { 1, 2 }),
        };

        Assert.Equal("""{"input":[1,2]}""", ToolSchemas.InputFrom(arguments, wrapped: false)!.ToJsonString());
        Assert.Equal("[1,2]", ToolSchemas.InputFrom(arguments, wrapped: true)!.ToJsonString());
        Assert.Equal("{}", ToolSchemas.InputFrom(null, wrapped: false)!.ToJsonString());
        Assert.Null(ToolSchemas.InputFrom(null, wrapped: true));
    }

    [Fact]
    public void Structured_content_is_always_an_object()
    {
        Assert.Equal("""{"words":3}""", ToolSchemas.StructuredFrom(JsonNode.Parse("""{"words":3}"""), wrapped: false).ToJsonString());
        Assert.Equal("""{"output":"three"}""", ToolSchemas.StructuredFrom(JsonValue.Create("three"), wrapped: true).ToJsonString());
        Assert.Equal("""{"output":[1]}""", ToolSchemas.StructuredFrom(JsonNode.Parse("[1]"), wrapped: false).ToJsonString());
        Assert.Equal("""{"output":null}""", ToolSchemas.StructuredFrom(null, wrapped: true).ToJsonString());
    }
}
