using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace AgentMarketplace.SampleAgent.Tests.Http;

/// <summary>The sample agent started for real on a free loopback port, with a client for that socket.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningAgent(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    }

    /// <summary>Scheme, host and port, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public HttpClient Client { get; }

    public static async Task<RunningAgent> StartAsync(Dictionary<string, string?>? configuration = null)
    {
        var app = SampleAgentApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            if (configuration is not null)
            {
                builder.Configuration.AddInMemoryCollection(configuration);
            }
        });
        await app.StartAsync();
        return new RunningAgent(app, app.Urls.Single());
    }

    public Task<AgentAnswer> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

    public Task<AgentAnswer> PostAsync(string path, string body) => SendAsync(WithBody(HttpMethod.Post, path, body));

    public Task<AgentAnswer> PutAsync(string path, string body) => SendAsync(WithBody(HttpMethod.Put, path, body));

    /// <summary>POSTs to /invoke; the capability and input are written as given.</summary>
    public Task<AgentAnswer> InvokeAsync(string capability, JsonNode input) =>
        PostAsync("/invoke", new JsonObject { ["capability"] = capability, ["input"] = input.DeepClone() }.ToJsonString());

    /// <summary>POSTs a JSON-RPC request to /a2a; A2A answers every call, errors included, with HTTP 200.</summary>
    public async Task<JsonObject> CallA2AAsync(string body)
    {
        var answer = await PostAsync("/a2a", body);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Body!.AsObject();
    }

    /// <summary>POSTs a JSON-RPC request to /a2a with the `A2A-Version` header.</summary>
    public async Task<JsonObject> CallA2AAsync(string body, string a2aVersion)
    {
        var request = WithBody(HttpMethod.Post, "/a2a", body);
        request.Headers.Add("A2A-Version", a2aVersion);
        var answer = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        return answer.Body!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static HttpRequestMessage WithBody(HttpMethod method, string path, string body) =>
        new(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private async Task<AgentAnswer> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new AgentAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
        }
    }
}

internal sealed record AgentAnswer(HttpStatusCode Status, JsonNode? Body);
