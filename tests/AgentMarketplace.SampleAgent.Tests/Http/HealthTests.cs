using System.Net;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class HealthTests
{
    [Fact]
    public async Task Health_answers_200_ok()
    {
        await using var agent = await RunningAgent.StartAsync();

        var answer = await agent.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("""{"status":"ok"}""", answer.Body!.ToJsonString());
    }

    [Fact]
    public async Task Health_answers_503_unhealthy_when_configured_unhealthy()
    {
        await using var agent = await RunningAgent.StartAsync(new() { ["Agent:Faults:Unhealthy"] = "true" });

        var answer = await agent.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("""{"status":"unhealthy"}""", answer.Body!.ToJsonString());
    }
}
