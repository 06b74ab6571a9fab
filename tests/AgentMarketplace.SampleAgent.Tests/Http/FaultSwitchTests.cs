using System.Net;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class FaultSwitchTests
{
    private const string FaultsPath = "/control/faults";

    [Fact]
    public async Task Faults_are_all_off_by_default()
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.GetAsync(FaultsPath);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("""{"unhealthy":false,"brokenCapabilities":[],"delayMs":0}""", answer.Body!.ToJsonString());
    }

    [Fact]
    public async Task Faults_start_from_configuration()
    {
        await using var agent = await RunningAgent.StartAsync(new()
        {
            ["Agent:Faults:Unhealthy"] = "true",
            ["Agent:Faults:BrokenCapabilities:0"] = "echo",
            ["Agent:Faults:BrokenCapabilities:1"] = "summarize",
            ["Agent:Faults:DelayMs"] = "25",
        });

        var answer = await agent.GetAsync(FaultsPath);

        Assert.Equal("""{"unhealthy":true,"brokenCapabilities":["echo","summarize"],"delayMs":25}""", answer.Body!.ToJsonString());
    }

    [Fact]
    public async Task Put_replaces_the_settings_and_answers_them()
    {
        await using var agent = await RunningAgent.StartAsync();
        const string settings = """{"unhealthy":true,"brokenCapabilities":["sentiment"],"delayMs":10}""";

        var put = await agent.PutAsync(FaultsPath, settings);
        var get = await agent.GetAsync(FaultsPath);

        Assert.Equal(HttpStatusCode.OK, put.Status);
        Assert.Equal(settings, put.Body!.ToJsonString());
        Assert.Equal(settings, get.Body!.ToJsonString());
    }

    [Fact]
    public async Task Unhealthy_switch_makes_health_answer_503_until_switched_off()
    {
        await using var agent = await RunningAgent.StartAsync();

        await agent.PutAsync(FaultsPath, """{"unhealthy":true}""");
        var whileUnhealthy = await agent.GetAsync("/health");
        await agent.PutAsync(FaultsPath, """{"unhealthy":false}""");
        var afterwards = await agent.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileUnhealthy.Status);
        Assert.Equal("unhealthy", (string?)whileUnhealthy.Body!["status"]);
        Assert.Equal(HttpStatusCode.OK, afterwards.Status);
    }

    [Fact]
    public async Task Broken_capability_answers_output_that_breaks_its_schema_on_http_json()
    {
        await using var agent = await RunningAgent.StartAsync();
        var input = new JsonObject { ["text"] = "three little words" };

        await agent.PutAsync(FaultsPath, """{"brokenCapabilities":["word-count"]}""");
        var broken = await agent.InvokeAsync("word-count", input);
        var unaffected = await agent.InvokeAsync("echo", input);

        Assert.Equal(HttpStatusCode.OK, broken.Status);
        Assert.Equal("""{"words":"many"}""", broken.Body!["output"]!.ToJsonString());
        Assert.Equal(3, (int)broken.Body["usage"]!["units"]!);
        Assert.Equal("""{"text":"three little words"}""", unaffected.Body!["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Broken_capability_answers_output_that_breaks_its_schema_on_a2a()
    {
        await using var agent = await RunningAgent.StartAsync(new() { ["Agent:Faults:BrokenCapabilities:0"] = "echo" });

        var response = await agent.CallA2AAsync(A2AMessages.Send("echo", A2AMessages.TextPart("hello")));

        Assert.Equal("""{"text":42}""", response["result"]!["parts"]![0]!["data"]!.ToJsonString());
    }

    [Fact]
    public async Task Clearing_a_broken_capability_restores_its_real_output()
    {
        await using var agent = await RunningAgent.StartAsync(new() { ["Agent:Faults:BrokenCapabilities:0"] = "echo" });

        await agent.PutAsync(FaultsPath, "{}");
        var answer = await agent.InvokeAsync("echo", new JsonObject { ["text"] = "fixed" });

        Assert.Equal("""{"text":"fixed"}""", answer.Body!["output"]!.ToJsonString());
    }

    [Fact]
    public async Task Delay_holds_back_invoke_and_a2a_answers_but_not_health()
    {
        // Ordering, not timing: with a minute's delay, health must answer while both calls still wait.
        await using var agent = await RunningAgent.StartAsync();
        await agent.PutAsync(FaultsPath, """{"delayMs":60000}""");

        var invoke = agent.InvokeAsync("echo", new JsonObject { ["text"] = "slow" });
        var a2a = agent.CallA2AAsync(A2AMessages.Send("echo", A2AMessages.TextPart("slow")));
        var health = await agent.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.False(invoke.IsCompleted, "invoke answered despite the delay");
        Assert.False(a2a.IsCompleted, "a2a answered despite the delay");
        await agent.PutAsync(FaultsPath, """{"delayMs":0}""");
        Assert.Equal(HttpStatusCode.OK, (await agent.InvokeAsync("echo", new JsonObject { ["text"] = "fast" })).Status);
    }

    [Theory]
    [InlineData("""{"delayMs":-1}""", "delayMs")]
    [InlineData("""{"delayMs":300001}""", "delayMs")]
    [InlineData("""{"brokenCapabilities":["translate"]}""", "brokenCapabilities")]
    [InlineData("""{"brokenCapabilities":[null]}""", "brokenCapabilities")]
    [InlineData("""{"brokenCapabilities":null}""", "brokenCapabilities")]
    [InlineData("""{"unhealthy":"yes"}""", "unhealthy")]
    [InlineData("""{"delay":100}""", "delay")]
    [InlineData("""{"unhealthy":""", "fault settings")]
    [InlineData("null", "fault settings")]
    public async Task Put_refuses_invalid_settings_and_keeps_the_current_ones(string body, string named)
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.PutAsync(FaultsPath, body);
        var current = await agent.GetAsync(FaultsPath);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains(named, (string?)answer.Body!["error"]);
        Assert.Equal("""{"unhealthy":false,"brokenCapabilities":[],"delayMs":0}""", current.Body!.ToJsonString());
    }
}
