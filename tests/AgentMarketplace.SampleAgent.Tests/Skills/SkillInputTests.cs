using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Tests.Skills;

public class SkillInputTests
{
    public static TheoryData<string> SkillIds => [.. SkillCatalog.Ids];

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void Invoke_rejects_input_that_is_not_an_object(string skillId)
    {
        var result = SkillCatalog.Find(skillId)!.Invoke(JsonNode.Parse("\"just text\""));

        Assert.False(result.Succeeded);
        Assert.Contains("must be a JSON object", result.Error);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"text": 42}""")]
    [InlineData("""{"text": null}""")]
    public void Invoke_rejects_a_missing_or_non_string_text(string input)
    {
        foreach (var skill in SkillCatalog.All)
        {
            var result = skill.Invoke(JsonNode.Parse(input));

            Assert.False(result.Succeeded);
            Assert.Contains("`input.text` is required and must be a string", result.Error);
        }
    }

    [Theory]
    [MemberData(nameof(SkillIds))]
    public void Invoke_rejects_a_property_the_schema_does_not_allow(string skillId)
    {
        var result = SkillCatalog.Find(skillId)!.Invoke(JsonNode.Parse("""{"text": "hi", "language": "en"}"""));

        Assert.False(result.Succeeded);
        Assert.Contains("`input.language`", result.Error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("2.5")]
    [InlineData("\"2\"")]
    [InlineData("null")]
    public void Summarize_rejects_a_maxSentences_outside_1_to_10(string maxSentences)
    {
        var result = new SummarizeSkill().Invoke(JsonNode.Parse($$"""{"text": "One. Two. Three.", "maxSentences": {{maxSentences}}}"""));

        Assert.False(result.Succeeded);
        Assert.Contains("maxSentences", result.Error);
    }

    [Fact]
    public void Summarize_accepts_a_whole_number_written_with_a_fraction()
    {
        var result = new SummarizeSkill().Invoke(JsonNode.Parse("""{"text": "One. Two. Three.", "maxSentences": 3.0}"""));

        Assert.True(result.Succeeded);
        Assert.Equal(3, (int)result.Output["sentences"]!);
    }

    [Fact]
    public void Summarize_accepts_a_maxSentences_built_in_memory()
    {
        var result = new SummarizeSkill().Invoke(new JsonObject { ["text"] = "One. Two. Three.", ["maxSentences"] = 1 });

        Assert.True(result.Succeeded);
        Assert.Equal(1, (int)result.Output["sentences"]!);
    }

    [Fact]
    public void Summarize_keeps_two_sentences_by_default()
    {
        var result = new SummarizeSkill().Invoke(JsonNode.Parse("""{"text": "One. Two. Three."}"""));

        Assert.True(result.Succeeded);
        Assert.Equal(2, (int)result.Output["sentences"]!);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData("word", 1)]
    [InlineData("five words in this text", 5)]
    public void Units_are_the_input_word_count_and_at_least_one(string text, int units)
    {
        foreach (var skill in SkillCatalog.All)
        {
            Assert.Equal(units, skill.Invoke(new JsonObject { ["text"] = text }).Units);
        }
    }

    [Fact]
    public void Echo_returns_the_text_unchanged()
    {
        var result = new EchoSkill().Invoke(new JsonObject { ["text"] = "  Spaces and ünïcödé stay.  " });

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["text"] = "  Spaces and ünïcödé stay.  " }, result.Output));
    }

    [Fact]
    public void WordCount_counts_characters_in_utf16_code_units()
    {
        var result = new WordCountSkill().Invoke(new JsonObject { ["text"] = "héllo 😀" });

        Assert.True(JsonNode.DeepEquals(new JsonObject { ["words"] = 2, ["characters"] = 8 }, result.Output));
    }
}
