using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Registry.Tests;

/// <summary>An agent's answer is untrusted: odd shapes are an invalid answer, never an exception.</summary>
public sealed class A2AAnswerTests
{
    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"kind":"task","status":"completed"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"kind":"message","parts":[],"metadata":"x"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"kind":"message","parts":"not-an-array"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"kind":"message","parts":[{"kind":"text","text":{"nested":1}}]}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":"done"}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""not json""")]
    public void Malformed_answers_are_invalid_not_exceptions(string body)
    {
        var parsed = A2AMessages.ParseResult(body);

        Assert.NotNull(parsed.Error);
    }

    [Fact]
    public void A_task_with_a_data_artifact_yields_that_data_and_its_usage()
    {
        var parsed = A2AMessages.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"kind":"task","status":{"state":"completed"},
             "artifacts":[{"parts":[{"kind":"data","data":{"words":3}}]}],"metadata":{"usage":{"units":3}}}}
            """);

        Assert.Null(parsed.Error);
        Assert.Equal(3, parsed.Output!["words"]!.GetValue<int>());
        Assert.Equal(3, parsed.Units);
    }

    [Fact]
    public void Text_parts_become_a_text_object()
    {
        var parsed = A2AMessages.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"kind":"message","parts":[{"kind":"text","text":"Hello, "},{"kind":"text","text":"world"}]}}
            """);

        Assert.Equal("Hello, world", parsed.Output!["text"]!.GetValue<string>());
    }
}
