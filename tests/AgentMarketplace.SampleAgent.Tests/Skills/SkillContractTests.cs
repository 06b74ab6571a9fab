using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Tests.Skills;

public class SkillContractTests
{
    public static TheoryData<string> SkillIds => [.. SkillCatalog.Ids];

    [Fact]
    public void Catalog_offers_echo_word_count_sentiment_and_summarize() =>
        Assert.Equal(["echo", "word-count", "sentiment", "summarize"], SkillCatalog.Ids);

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void Schemas_are_draft_2020_12_objects_requiring_text(string skillId)
    {
        var skill = SkillCatalog.Find(skillId)!;

        foreach (var schema in new[] { skill.InputSchema, skill.OutputSchema })
        {
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)schema["$schema"]);
            Assert.Equal("object", (string?)schema["type"]);
            Assert.False((bool)schema["additionalProperties"]!);
        }

        Assert.Contains("text", skill.InputSchema["required"]!.AsArray().Select(name => (string?)name));
    }

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void Every_example_is_accepted_and_its_expected_output_is_what_the_skill_returns(string skillId)
    {
        var skill = SkillCatalog.Find(skillId)!;

        Assert.NotEmpty(skill.Examples);
        foreach (var example in skill.Examples)
        {
            var result = skill.Invoke(example.Input);

            Assert.True(result.Succeeded, result.Error);
            Assert.True(example.ExpectedOutput is null || JsonNode.DeepEquals(example.ExpectedOutput, result.Output));
        }
    }

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void Outputs_carry_exactly_the_required_properties_with_their_schema_types(string skillId)
    {
        var skill = SkillCatalog.Find(skillId)!;
        var output = skill.Invoke(skill.Examples[0].Input).Output!;

        AssertPropertiesMatch(skill.OutputSchema, output, expectMatch: true);
    }

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void BrokenOutput_violates_the_output_schema(string skillId)
    {
        var skill = SkillCatalog.Find(skillId)!;

        AssertPropertiesMatch(skill.OutputSchema, skill.BrokenOutput, expectMatch: false);
    }

    /// <summary>The subset of JSON Schema these output schemas use: required properties, each with a "type".</summary>
    private static void AssertPropertiesMatch(JsonObject schema, JsonObject output, bool expectMatch)
    {
        var required = schema["required"]!.AsArray().Select(name => (string)name!).ToList();
        var properties = schema["properties"]!.AsObject();
        var matches = output.Count == required.Count && required.All(name =>
            output[name] is { } value && (properties[name]!["type"] is not { } type || HasType(value, (string)type!)));

        Assert.Equal(expectMatch, matches);
    }

    private static bool HasType(JsonNode value, string type) => (type, value.GetValueKind()) switch
    {
        ("string", JsonValueKind.String) => true,
        ("number", JsonValueKind.Number) => true,
        ("integer", JsonValueKind.Number) => double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) % 1 == 0,
        _ => false,
    };
}
