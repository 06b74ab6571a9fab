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
        var parsed = A2AV03Adapter.ParseResult(body);

        Assert.NotNull(parsed.Error);
    }

    [Fact]
    public void A_task_with_a_data_artifact_yields_that_data_and_its_usage()
    {
        var parsed = A2AV03Adapter.ParseResult("""
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
        var parsed = A2AV03Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"kind":"message","parts":[{"kind":"text","text":"Hello, "},{"kind":"text","text":"world"}]}}
            """);

        Assert.Equal("Hello, world", parsed.Output!["text"]!.GetValue<string>());
    }
}

/// <summary>A2A 1.0 answers: `{message}` or `{task}`, parts without `kind`; only a completed task has an output.</summary>
public sealed class A2AV10AnswerTests
{
    [Fact]
    public void A_message_with_a_data_part_yields_that_data_and_its_usage()
    {
        var parsed = A2AV10Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"message":{"messageId":"m","role":"ROLE_AGENT",
             "parts":[{"data":{"words":3},"mediaType":"application/json"}],"metadata":{"usage":{"units":3}}}}}
            """);

        Assert.Null(parsed.Error);
        Assert.Equal(3, parsed.Output!["words"]!.GetValue<int>());
        Assert.Equal(3, parsed.Units);
    }

    [Fact]
    public void A_completed_task_yields_its_artifacts_text_as_a_text_object()
    {
        var parsed = A2AV10Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"task":{"id":"t","status":{"state":"TASK_STATE_COMPLETED"},
             "artifacts":[{"artifactId":"a","parts":[{"text":"Hello, "},{"text":"world"}]}]}}}
            """);

        Assert.Null(parsed.Error);
        Assert.Equal("Hello, world", parsed.Output!["text"]!.GetValue<string>());
    }

    [Fact]
    public void A_failed_task_is_the_agent_reporting_a_failure_with_its_status_message()
    {
        var parsed = A2AV10Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"task":{"id":"t","status":{"state":"TASK_STATE_FAILED",
             "message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"quota exceeded upstream"}]}}}}}
            """);

        Assert.Equal(AgentCallFailure.AgentReportedError, parsed.Failure);
        Assert.Contains("TASK_STATE_FAILED", parsed.Error, StringComparison.Ordinal);
        Assert.Contains("quota exceeded upstream", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_0_3_shaped_answer_to_a_1_0_call_says_which_version_to_register()
    {
        var parsed = A2AV10Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"kind":"message","role":"agent","parts":[{"kind":"data","data":{"x":1}}]}}
            """);

        Assert.Equal(AgentCallFailure.InvalidResponse, parsed.Failure);
        Assert.Contains("protocolVersion \"0.3\"", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_1_0_shaped_answer_to_a_0_3_call_says_which_version_to_register()
    {
        var parsed = A2AV03Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","result":{"message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"data":{"x":1}}]}}}
            """);

        Assert.Contains("protocolVersion \"1.0\"", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Method_not_found_suggests_the_other_version()
    {
        var parsed = A2AV10Adapter.ParseResult("""
            {"jsonrpc":"2.0","id":"1","error":{"code":-32601,"message":"Method not found: SendMessage"}}
            """);

        Assert.Contains("-32601", parsed.Error, StringComparison.Ordinal);
        Assert.Contains("A2A 0.3", parsed.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"message":{"parts":"nope"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"task":{"status":{"state":"TASK_STATE_COMPLETED"},"artifacts":"x"}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"message":{"parts":[{"text":{"nested":1}}]}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"1","result":{"message":{"parts":[{"data":1}],"metadata":{"usage":{"units":-1}}}}}""")]
    public void Malformed_answers_are_invalid_not_exceptions(string body)
    {
        Assert.NotNull(A2AV10Adapter.ParseResult(body).Error);
    }
}
