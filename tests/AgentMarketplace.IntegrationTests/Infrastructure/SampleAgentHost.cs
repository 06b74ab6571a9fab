using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent;
using Microsoft.AspNetCore.Builder;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The repository's sample agent, started for real on a free loopback port (Kestrel, real sockets):
/// the platform calls it over HTTP exactly as it would call a publisher's agent.
/// </summary>
public sealed class SampleAgentHost : IAsyncLifetime, IAsyncDisposable
{
    private WebApplication? _app;

    public string BaseUrl { get; private set; } = "";

    public string A2AUrl => BaseUrl + "/a2a";

    /// <summary>The agent's MCP server (Streamable HTTP).</summary>
    public string McpUrl => BaseUrl + "/mcp";

    public HttpClient Client { get; } = new();

    public async Task InitializeAsync()
    {
        _app = SampleAgentApp.Build(["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
        Client.BaseAddress = new Uri(BaseUrl);
    }

    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            var app = _app;
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The body to publish this agent as an http-json version, as the agent itself describes it.</summary>
    public async Task<JsonObject> RegistrationAsync(string version)
    {
        var body = (await Client.GetFromJsonAsync<JsonObject>("/registration.json"))!;
        body["version"] = version;
        body["endpointUrl"] = BaseUrl;
        return body;
    }

    public async Task<JsonObject> AgentCardAsync() => (await Client.GetFromJsonAsync<JsonObject>("/.well-known/agent-card.json"))!;

    /// <summary>The agent as an MCP Registry server.json, its remote being <see cref="McpUrl"/>.</summary>
    public async Task<JsonObject> ServerJsonAsync() => (await Client.GetFromJsonAsync<JsonObject>("/server.json"))!;

    public async Task SetFaultsAsync(bool unhealthy = false, string[]? brokenCapabilities = null, int delayMs = 0)
    {
        var response = await Client.PutAsJsonAsync("/control/faults",
            new { unhealthy, brokenCapabilities = brokenCapabilities ?? [], delayMs });
        response.EnsureSuccessStatusCode();
    }
}
