using AgentMarketplace.AgentProtocol;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Registry;

public sealed class SsrfTests(NoPrivateEndpointsFactory api, SampleAgentHost agent)
    : IClassFixture<NoPrivateEndpointsFactory>, IClassFixture<SampleAgentHost>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://localhost/agent")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://10.1.2.3/agent")]
    [InlineData("http://172.16.0.10/agent")]
    [InlineData("http://192.168.1.1/agent")]
    [InlineData("http://[::1]:8080/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://224.0.0.1/")]
    [InlineData("http://user:secret@203.0.113.7/")]
    public async Task Endpoints_on_private_or_special_addresses_are_refused_at_registration(string url)
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", url));

        await response.AssertValidationErrorAsync("endpointUrl");
    }

    [Fact]
    public async Task A_host_name_is_resolved_and_refused_when_its_address_is_private()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();
        // This machine's own name: not an IP literal nor "localhost", so only the DNS check can refuse it.
        var url = $"http://{System.Net.Dns.GetHostName()}:8080/agent";

        var response = await client.PublishVersionAsync(agentId, TestAgents.EchoVersion("1.0.0", url));

        await response.AssertValidationErrorAsync("endpointUrl");
    }

    [Fact]
    public async Task An_import_whose_version_is_refused_leaves_no_agent_behind()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug("rollback");
        var card = """
            {"name":"Private Agent","description":"d","url":"http://10.0.0.1/a2a","version":"1.0.0",
             "skills":[{"id":"s","name":"S","description":"d","examples":["hi"]}]}
            """;

        var response = await client.PostAsync($"/api/v1/agents/import/a2a?slug={slug}",
            new StringContent(card, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertValidationErrorAsync("endpointUrl");
        await (await client.GetAsync($"/api/v1/agents/{slug}")).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_agent_client_refuses_to_connect_to_a_private_address_even_when_asked_directly()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredKeyedService<AgentClient>(AgentMarketplace.Registry.RegistryModule.AgentHttpClient);

        var call = await client.InvokeAsync(AgentProtocols.HttpJson, agent.BaseUrl, "echo",
            System.Text.Json.Nodes.JsonNode.Parse("""{"text":"hi"}"""), TimeSpan.FromSeconds(5), 4096, CancellationToken.None);

        Assert.Equal(AgentCallFailure.Unreachable, call.Failure);
        Assert.Contains("Refused to connect", call.Error, StringComparison.Ordinal);
    }
}
