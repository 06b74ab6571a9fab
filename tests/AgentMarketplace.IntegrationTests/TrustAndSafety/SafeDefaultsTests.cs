using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.TrustAndSafety;

public sealed class SafeDefaultsTests(AllowedHostFactory api, SampleAgentHost agent)
    : IClassFixture<AllowedHostFactory>, IClassFixture<SampleAgentHost>
{
    private string Port => new Uri(agent.BaseUrl).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_allowed_host_name_is_registered_verified_and_invoked_while_the_guard_stays_on_for_addresses()
    {
        using var publisher = api.ClientFor(await api.PublisherAsync());
        var agentId = (await publisher.CreateAgentAsync()).GetProperty("id").GetGuid();

        // The same agent by address is refused: only the name was allowed.
        await (await publisher.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", $"http://127.0.0.1:{Port}")))
            .AssertValidationErrorAsync("endpointUrl");
        await (await publisher.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", "http://169.254.169.254/latest/meta-data/")))
            .AssertValidationErrorAsync("endpointUrl");
        Assert.Equal(HttpStatusCode.Created,
            (await publisher.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", $"http://localhost:{Port}"))).StatusCode);
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());

        using var consumer = api.ClientFor(await api.RegisterAsync());
        var deployment = (await consumer.DeployAsync(agentId)).GetProperty("id").GetGuid();
        var answer = await (await consumer.InvokeAsync(deployment, "echo", new { text = "by name" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("by name", answer.GetProperty("output").GetProperty("text").GetString());
    }

    [Fact]
    public void The_compose_stack_keeps_the_guard_on_and_allows_its_sample_agent_by_name()
    {
        var compose = File.ReadAllText(Repository.PathOf("docker-compose.yml"));

        Assert.Contains("Registry__AllowPrivateEndpoints: \"false\"", compose);
        Assert.Contains("Deployment__AllowPrivateEndpoints: \"false\"", compose);
        Assert.Contains("Registry__AllowedPrivateHosts__0: sample-agent", compose);
        Assert.Contains("Deployment__AllowedPrivateHosts__0: sample-agent", compose);
        Assert.DoesNotContain("ALLOW_PRIVATE_AGENT_ENDPOINTS", compose);
    }
}
