using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// An http-json agent on a real Kestrel port whose answers claim whatever usage its caller asks for:
/// capability `claim` answers `{"ok": true}` with `usage.units` copied, as written, from the input's
/// `units` — so a test can have an agent claim a million units, 2^63 − 1, or a negative number (an
/// answer that breaks the protocol), over real HTTP. An input's `delayMs` makes it take that long to
/// answer. It counts the calls it answers.
/// </summary>
public sealed class ClaimingAgentHost : IAsyncLifetime
{
    private WebApplication? _app;
    private int _invocations;

    public string BaseUrl { get; private set; } = "";

    public int Invocations => Volatile.Read(ref _invocations);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/health", () => Results.Ok());
        _app.MapPost("/invoke", async (HttpRequest request) =>
        {
            Interlocked.Increment(ref _invocations);
            var body = await JsonNode.ParseAsync(request.Body);
            if (body?["input"]?["delayMs"]?.GetValue<int>() is > 0 and var delay)
            {
                await Task.Delay(delay);
            }

            var units = body?["input"]?["units"]?.ToJsonString() ?? "1";
            return Results.Text("{\"output\":{\"ok\":true},\"usage\":{\"units\":" + units + "}}", "application/json");
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.Single().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>A version of this agent: one capability, `claim`, taking `{"units": integer, "delayMs"?: integer}`.</summary>
    public JsonObject Version(string version, int exampleDelayMs = 0) => new()
    {
        ["version"] = version,
        ["endpointUrl"] = BaseUrl,
        ["protocol"] = "http-json",
        ["capabilities"] = new JsonArray(new JsonObject
        {
            ["name"] = "claim",
            ["description"] = "Claims the units it is asked to claim.",
            ["inputSchema"] = JsonNode.Parse("""{"type":"object","properties":{"units":{"type":"integer"},"delayMs":{"type":"integer","minimum":0,"maximum":5000}}}"""),
            ["outputSchema"] = JsonNode.Parse("""{"type":"object","properties":{"ok":{"const":true}},"required":["ok"]}"""),
            ["examples"] = new JsonArray(new JsonObject
            {
                ["input"] = new JsonObject { ["units"] = 1, ["delayMs"] = exampleDelayMs },
                ["expectedOutput"] = new JsonObject { ["ok"] = true },
            }),
        }),
    };
}
