using System.Net;

namespace AgentMarketplace.SampleAgent.Tests.Http;

public class HostingTests
{
    [Fact]
    public async Task Build_with_port_zero_listens_on_a_real_free_port()
    {
        await using var agent = await RunningAgent.StartAsync();

        var address = new Uri(agent.BaseUrl);
        Assert.Equal("127.0.0.1", address.Host);
        Assert.NotEqual(0, address.Port);
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/health")).Status);
    }

    [Fact]
    public async Task Two_agents_run_side_by_side_on_different_ports()
    {
        await using var first = await RunningAgent.StartAsync();
        await using var second = await RunningAgent.StartAsync();

        Assert.NotEqual(first.BaseUrl, second.BaseUrl);
    }

    [Fact]
    public void Build_refuses_invalid_configured_faults()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            SampleAgentApp.Build(["--urls", "http://127.0.0.1:0", "--Agent:Faults:DelayMs=-5"]));

        Assert.Contains("Agent:Faults", error.Message);
    }
}
