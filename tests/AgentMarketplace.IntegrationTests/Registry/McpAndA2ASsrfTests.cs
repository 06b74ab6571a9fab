using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Registry;

/// <summary>The SSRF guard holds for MCP and A2A 1.0 URLs exactly as for http-json: at registration, at import and on the wire.</summary>
public sealed class McpAndA2ASsrfTests(NoPrivateEndpointsFactory api, SampleAgentHost agent, McpTestServer server)
    : IClassFixture<NoPrivateEndpointsFactory>, IClassFixture<SampleAgentHost>, IClassFixture<McpTestServer>
{
    [Theory]
    [InlineData("http://169.254.169.254/mcp")]
    [InlineData("http://10.1.2.3/mcp")]
    [InlineData("http://[::1]:8080/mcp")]
    public async Task An_mcp_endpoint_on_a_private_address_is_refused_at_registration(string url)
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", url));

        await response.AssertValidationErrorAsync("endpointUrl");
    }

    [Fact]
    public async Task A_live_mcp_server_on_this_machine_is_refused_without_being_called()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var agentId = (await client.CreateAgentAsync()).GetProperty("id").GetGuid();
        var before = server.McpPosts;

        var response = await client.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl));

        await response.AssertValidationErrorAsync("endpointUrl");
        Assert.Equal(before, server.McpPosts);
    }

    [Fact]
    public async Task A_server_json_whose_remote_is_private_is_refused_and_leaves_nothing_behind()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var slug = TestAgents.NewSlug("ssrf");
        var serverJson = await agent.ServerJsonAsync();
        serverJson["remotes"] = JsonNode.Parse("""[{"type":"streamable-http","url":"http://192.168.1.1/mcp"}]""");

        var response = await client.PostAsJsonAsync($"/api/v1/agents/import/mcp?slug={slug}", serverJson);

        await response.AssertValidationErrorAsync("endpointUrl");
        await (await client.GetAsync($"/api/v1/agents/{slug}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_a2a_1_0_card_whose_interface_is_private_is_refused()
    {
        using var client = api.ClientFor(await api.PublisherAsync());
        var card = await agent.AgentCardAsync();
        card["supportedInterfaces"] = JsonNode.Parse("""[{"url":"http://169.254.169.254/a2a","protocolBinding":"JSONRPC","protocolVersion":"1.0"}]""");

        var response = await client.PostAsJsonAsync($"/api/v1/agents/import/a2a?slug={TestAgents.NewSlug()}", card);

        await response.AssertValidationErrorAsync("endpointUrl");
    }

    [Theory]
    [InlineData(AgentProtocols.Mcp)]
    [InlineData(AgentProtocols.A2AV10Binding)]
    public async Task The_agent_client_refuses_to_connect_to_a_private_address_on_every_binding(string binding)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredKeyedService<AgentClient>(AgentMarketplace.Registry.RegistryModule.AgentHttpClient);
        var url = binding == AgentProtocols.Mcp ? agent.McpUrl : agent.A2AUrl;

        var call = await client.InvokeAsync(binding, url, "echo", JsonNode.Parse("""{"text":"hi"}"""),
            TimeSpan.FromSeconds(5), 4096, CancellationToken.None);

        Assert.Equal(AgentCallFailure.Unreachable, call.Failure);
        Assert.Contains("Refused to connect", call.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_an_mcp_servers_tools_on_a_private_address_is_refused_on_the_wire()
    {
        await using var scope = api.Services.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredKeyedService<AgentClient>(AgentMarketplace.Registry.RegistryModule.AgentHttpClient);
        var before = server.McpPosts;

        var listing = await client.ListMcpToolsAsync(server.McpUrl, TimeSpan.FromSeconds(5), 4096, CancellationToken.None);

        Assert.Null(listing.Tools);
        Assert.Equal(AgentCallFailure.Unreachable, listing.Failure);
        Assert.Equal(before, server.McpPosts);
    }
}
