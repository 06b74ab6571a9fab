using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol.Schemas;
using K = AgentMarketplace.AgentProtocol.Schemas.SchemaChangeKinds;

namespace AgentMarketplace.Registry.Tests;

/// <summary>Every rule of the schema comparison, breaking and not: one row a rule, the schemas written out.</summary>
public sealed class SchemaCompatibilityTests
{
    private const SchemaRole In = SchemaRole.Input;
    private const SchemaRole Out = SchemaRole.Output;

    /// <summary>role, before, after, whether it breaks, the kind and path of the (first) change.</summary>
    public static TheoryData<string, SchemaRole, string, string, bool, string, string> Rules => new()
    {
        // type
        { "input type narrowed", In, """{"type":["string","null"]}""", """{"type":"string"}""", true, K.Type, "type" },
        { "input type widened", In, """{"type":"string"}""", """{"type":["string","null"]}""", false, K.Type, "type" },
        { "input integer to number widens", In, """{"type":"integer"}""", """{"type":"number"}""", false, K.Type, "type" },
        { "input number to integer narrows", In, """{"type":"number"}""", """{"type":"integer"}""", true, K.Type, "type" },
        { "input type added narrows", In, """{}""", """{"type":"object"}""", true, K.Type, "type" },
        { "output type changed", Out, """{"type":"string"}""", """{"type":"integer"}""", true, K.Type, "type" },
        { "output type narrowed", Out, """{"type":["string","null"]}""", """{"type":"string"}""", false, K.Type, "type" },
        { "output type widened", Out, """{"type":"string"}""", """{"type":["string","null"]}""", true, K.Type, "type" },
        // enum and const
        { "input enum value removed", In, """{"enum":["a","b"]}""", """{"enum":["a"]}""", true, K.Enum, "enum" },
        { "input enum value added", In, """{"enum":["a"]}""", """{"enum":["a","b"]}""", false, K.Enum, "enum" },
        { "input enum added", In, """{"type":"string"}""", """{"type":"string","enum":["a"]}""", true, K.Enum, "enum" },
        { "input enum removed", In, """{"type":"string","enum":["a"]}""", """{"type":"string"}""", false, K.Enum, "enum" },
        { "input const to enum of it and more", In, """{"const":"a"}""", """{"enum":["a","b"]}""", false, K.Enum, "enum" },
        { "output enum value added", Out, """{"enum":["a"]}""", """{"enum":["a","b"]}""", true, K.Enum, "enum" },
        { "output enum value removed", Out, """{"enum":["a","b"]}""", """{"enum":["a"]}""", false, K.Enum, "enum" },
        { "enum values swapped", In, """{"enum":["a","b"]}""", """{"enum":["a","c"]}""", true, K.Enum, "enum" },
        // numeric bounds
        { "input minimum added", In, """{"type":"number"}""", """{"type":"number","minimum":0}""", true, K.Bound, "minimum" },
        { "input minimum raised", In, """{"minimum":0}""", """{"minimum":1}""", true, K.Bound, "minimum" },
        { "input minimum lowered", In, """{"minimum":1}""", """{"minimum":0}""", false, K.Bound, "minimum" },
        { "input minimum made exclusive", In, """{"minimum":5}""", """{"exclusiveMinimum":5}""", true, K.Bound, "exclusiveMinimum" },
        { "input exclusive minimum made inclusive", In, """{"exclusiveMinimum":5}""", """{"minimum":5}""", false, K.Bound, "minimum" },
        { "input maximum lowered", In, """{"maximum":10}""", """{"maximum":9.5}""", true, K.Bound, "maximum" },
        { "input maximum removed", In, """{"maximum":10}""", """{}""", false, K.Bound, "maximum" },
        { "output maximum removed", Out, """{"maximum":10}""", """{}""", true, K.Bound, "maximum" },
        { "output minimum raised", Out, """{"minimum":0}""", """{"minimum":1}""", false, K.Bound, "minimum" },
        { "input multipleOf added", In, """{"type":"integer"}""", """{"type":"integer","multipleOf":2}""", true, K.MultipleOf, "multipleOf" },
        { "input multipleOf to a divisor", In, """{"multipleOf":4}""", """{"multipleOf":2}""", false, K.MultipleOf, "multipleOf" },
        { "input multipleOf to a multiple", In, """{"multipleOf":2}""", """{"multipleOf":4}""", true, K.MultipleOf, "multipleOf" },
        { "input multipleOf unrelated", In, """{"multipleOf":2}""", """{"multipleOf":3}""", true, K.MultipleOf, "multipleOf" },
        // strings
        { "input maxLength added", In, """{"type":"string"}""", """{"type":"string","maxLength":100}""", true, K.Bound, "maxLength" },
        { "input maxLength lowered", In, """{"maxLength":100}""", """{"maxLength":50}""", true, K.Bound, "maxLength" },
        { "input maxLength raised", In, """{"maxLength":50}""", """{"maxLength":100}""", false, K.Bound, "maxLength" },
        { "input minLength raised", In, """{"minLength":0}""", """{"minLength":1}""", true, K.Bound, "minLength" },
        { "input minLength removed", In, """{"minLength":3}""", """{}""", false, K.Bound, "minLength" },
        { "output maxLength raised", Out, """{"maxLength":50}""", """{"maxLength":100}""", true, K.Bound, "maxLength" },
        { "input pattern added", In, """{"type":"string"}""", """{"type":"string","pattern":"^[a-z]+$"}""", true, K.Pattern, "pattern" },
        { "input pattern removed", In, """{"pattern":"^[a-z]+$"}""", """{}""", false, K.Pattern, "pattern" },
        { "input pattern changed", In, """{"pattern":"^[a-z]+$"}""", """{"pattern":"^[a-z0-9]+$"}""", true, K.Pattern, "pattern" },
        { "output pattern changed", Out, """{"pattern":"^[a-z]+$"}""", """{"pattern":"^[a-z]*$"}""", true, K.Pattern, "pattern" },
        { "output pattern added", Out, """{"type":"string"}""", """{"type":"string","pattern":"^a"}""", false, K.Pattern, "pattern" },
        { "input format added", In, """{"type":"string"}""", """{"type":"string","format":"email"}""", true, K.Format, "format" },
        // arrays
        { "input maxItems added", In, """{"type":"array"}""", """{"type":"array","maxItems":10}""", true, K.Bound, "maxItems" },
        { "input minItems lowered", In, """{"minItems":2}""", """{"minItems":1}""", false, K.Bound, "minItems" },
        { "input items narrowed", In, """{"items":{"type":["string","number"]}}""", """{"items":{"type":"string"}}""", true, K.Type, "items.type" },
        { "input items widened", In, """{"items":{"type":"string"}}""", """{"items":{}}""", false, K.Type, "items.type" },
        { "input uniqueItems added", In, """{"type":"array"}""", """{"type":"array","uniqueItems":true}""", true, K.UniqueItems, "uniqueItems" },
        { "input uniqueItems dropped", In, """{"uniqueItems":true}""", """{"uniqueItems":false}""", false, K.UniqueItems, "uniqueItems" },
        { "input prefixItems position narrowed", In, """{"prefixItems":[{"type":"string"}],"items":{"type":"number"}}""",
            """{"prefixItems":[{"type":"string"},{"type":"integer"}],"items":{"type":"number"}}""", true, K.Type, "prefixItems[1].type" },
        // objects
        { "input new required property", In, """{"type":"object","properties":{"a":{"type":"string"}}}""",
            """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["b"]}""", true, K.RequiredAdded, "required" },
        { "input property made required", In, """{"properties":{"a":{}}}""", """{"properties":{"a":{}},"required":["a"]}""", true, K.RequiredAdded, "required" },
        { "input required dropped", In, """{"properties":{"a":{}},"required":["a"]}""", """{"properties":{"a":{}}}""", false, K.RequiredRemoved, "required" },
        { "input new optional property", In, """{"type":"object","properties":{"a":{"type":"string"}}}""",
            """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}""", false, K.PropertyAdded, "properties.b" },
        { "input property narrowed", In, """{"properties":{"a":{"type":["string","null"]}}}""", """{"properties":{"a":{"type":"string"}}}""", true, K.Type, "properties.a.type" },
        { "input property removed, additionalProperties false", In,
            """{"properties":{"a":{},"b":{}},"additionalProperties":false}""", """{"properties":{"a":{}},"additionalProperties":false}""", true, K.PropertyRemoved, "properties.b" },
        { "input property removed, additional allowed", In, """{"properties":{"a":{},"b":{"type":"string"}}}""", """{"properties":{"a":{}}}""", false, K.PropertyRemoved, "properties.b" },
        { "input property removed, additionalProperties a schema", In,
            """{"properties":{"b":{"type":"string"}},"additionalProperties":{"type":"integer"}}""", """{"additionalProperties":{"type":"integer"}}""", true, K.Type, "properties.b.type" },
        { "input additionalProperties closed", In, """{"properties":{"a":{}}}""", """{"properties":{"a":{}},"additionalProperties":false}""", true, K.AdditionalProperties, "additionalProperties" },
        { "input additionalProperties opened", In, """{"properties":{"a":{}},"additionalProperties":false}""", """{"properties":{"a":{}}}""", false, K.AdditionalProperties, "additionalProperties" },
        { "input property added where refused", In, """{"properties":{"a":{}},"additionalProperties":false}""",
            """{"properties":{"a":{},"b":{}},"additionalProperties":false}""", false, K.PropertyAdded, "properties.b" },
        { "input maxProperties added", In, """{"type":"object"}""", """{"type":"object","maxProperties":3}""", true, K.Bound, "maxProperties" },
        { "output required property dropped", Out, """{"properties":{"a":{"type":"string"}},"required":["a"]}""",
            """{"properties":{"a":{"type":"string"}}}""", true, K.RequiredRemoved, "required" },
        { "output property type changed", Out, """{"properties":{"n":{"type":"integer"}}}""", """{"properties":{"n":{"type":"string"}}}""", true, K.Type, "properties.n.type" },
        { "output new property", Out, """{"properties":{"a":{}}}""", """{"properties":{"a":{},"b":{"type":"string"}}}""", false, K.PropertyAdded, "properties.b" },
        { "output new required property", Out, """{"properties":{"a":{}}}""", """{"properties":{"a":{},"b":{}},"required":["b"]}""", false, K.PropertyAdded, "properties.b" },
        { "output property no longer described", Out, """{"properties":{"a":{},"b":{"type":"string"}}}""", """{"properties":{"a":{}}}""", true, K.PropertyRemoved, "properties.b" },
        { "property with an unusual name", In, """{"properties":{"a.b":{"type":"string"}}}""", """{"properties":{"a.b":{"type":"integer"}}}""", true, K.Type, "properties[\"a.b\"].type" },
        // booleans, composition, references
        { "input true to false", In, """true""", """false""", true, K.Schema, "" },
        { "input false to true", In, """false""", """true""", false, K.Schema, "" },
        { "input allOf added", In, """{}""", """{"allOf":[{"type":"string"}]}""", true, K.Schema, "allOf" },
        { "input allOf branch widened", In, """{"allOf":[{"type":"string","maxLength":5}]}""", """{"allOf":[{"type":"string"}]}""", false, K.Bound, "allOf[0].maxLength" },
        { "input anyOf branch added", In, """{"anyOf":[{"type":"string"}]}""", """{"anyOf":[{"type":"string"},{"type":"null"}]}""", false, K.Schema, "anyOf" },
        { "input anyOf branch removed", In, """{"anyOf":[{"type":"string"},{"type":"null"}]}""", """{"anyOf":[{"type":"string"}]}""", true, K.Schema, "anyOf" },
        { "input not widened refuses more", In, """{"not":{"type":"string","maxLength":3}}""", """{"not":{"type":"string"}}""", true, K.Bound, "not.maxLength" },
        { "input oneOf changed", In, """{"oneOf":[{"type":"string"}]}""", """{"oneOf":[{"type":"string"},{"type":"null"}]}""", true, K.NotComparable, "oneOf" },
        { "input if-then changed", In, """{"if":{"type":"string"},"then":{"maxLength":3}}""", """{"if":{"type":"string"},"then":{"maxLength":2}}""", true, K.NotComparable, "then" },
        { "input patternProperties changed", In, """{"patternProperties":{"^x":{}}}""", """{"patternProperties":{"^y":{}}}""", true, K.NotComparable, "patternProperties" },
        { "input ref target narrowed", In, """{"$ref":"#/$defs/t","$defs":{"t":{"type":["string","null"]}}}""",
            """{"$ref":"#/$defs/t","$defs":{"t":{"type":"string"}}}""", true, K.Type, "type" },
        { "input ref inlined unchanged", In, """{"properties":{"a":{"$ref":"#/$defs/s"}},"$defs":{"s":{"type":"string"}}}""",
            """{"properties":{"a":{"type":"string"}}}""", false, "", "" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_rule_judges_its_change(string rule, SchemaRole role, string before, string after, bool breaking, string kind, string path)
    {
        var changes = SchemaCompatibility.Compare(JsonNode.Parse(before), JsonNode.Parse(after), role);

        if (kind.Length == 0)
        {
            Assert.True(changes.Count == 0, $"{rule}: expected no change, got {string.Join("; ", changes)}");
            return;
        }

        var change = changes.FirstOrDefault(c => c.Kind == kind && c.Path == path);
        Assert.True(change is not null, $"{rule}: no {kind} at '{path}' among {string.Join("; ", changes)}");
        Assert.True(breaking == change.Breaking, $"{rule}: expected breaking={breaking}: {change}");
        Assert.Equal(breaking, changes.Any(c => c.Breaking));
    }

    [Fact]
    public void Annotations_are_not_changes()
    {
        var before = JsonNode.Parse("""{"type":"string","description":"Old.","title":"T","examples":["a"],"default":"a"}""");
        var after = JsonNode.Parse("""{"type":"string","description":"New words.","examples":["b"]}""");

        Assert.Empty(SchemaCompatibility.Compare(before, after, SchemaRole.Input));
    }

    [Fact]
    public void A_change_that_cannot_be_proven_compatible_says_so()
    {
        var change = Assert.Single(SchemaCompatibility.Compare(JsonNode.Parse("""{"pattern":"^a"}"""), JsonNode.Parse("""{"pattern":"^b"}"""), SchemaRole.Input));

        Assert.True(change.Breaking);
        Assert.Contains("cannot prove", change.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recursive_schema_compares_without_looping()
    {
        const string tree = """{"$ref":"#/$defs/node","$defs":{"node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/$defs/node"}},"label":{"type":"string","maxLength":LIMIT}}}}}""";

        var changes = SchemaCompatibility.Compare(JsonNode.Parse(tree.Replace("LIMIT", "10", StringComparison.Ordinal)),
            JsonNode.Parse(tree.Replace("LIMIT", "5", StringComparison.Ordinal)), SchemaRole.Input);

        var change = Assert.Single(changes);
        Assert.Equal("properties.label.maxLength", change.Path);
        Assert.True(change.Breaking);
    }

    [Fact]
    public void Identical_schemas_have_no_changes() =>
        Assert.Empty(SchemaCompatibility.Compare(JsonNode.Parse("""{"type":"object","required":["a"]}"""), JsonNode.Parse("""{"required":["a"],"type":"object"}"""), SchemaRole.Output));
}
