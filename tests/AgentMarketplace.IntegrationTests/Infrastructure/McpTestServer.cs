using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// A second MCP server, written apart from the sample agent with the SDK's server side (stateful: it hands
/// out sessions), on a test Kestrel host on a free loopback port. Its tools misbehave on purpose; beside
/// it, plain routes answer as servers that are not MCP (or not the A2A version asked for) do.
/// </summary>
public sealed class McpTestServer : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>Bytes in the answer of `huge` and of the `/raw/huge-tools` listing: far beyond any cap.</summary>
    public const int HugeBytes = 10 * 1024 * 1024;

    private WebApplication? _app;
    private int _port;
    private int _mcpPosts;

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    /// <summary>The SDK's Streamable HTTP endpoint.</summary>
    public string McpUrl => BaseUrl + "/mcp";

    /// <summary>POSTs the MCP endpoint has received (handshakes, calls and notifications), across restarts.</summary>
    public int McpPosts => Volatile.Read(ref _mcpPosts);

    public static JsonObject LookupInput() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject { ["key"] = new JsonObject { ["type"] = "string" } },
        ["required"] = new JsonArray("key"),
        ["examples"] = new JsonArray(new JsonObject { ["key"] = "alpha" }),
    };

    /// <summary><see cref="LookupInput"/> that also requires a `lang` string: what a changed tool lists.</summary>
    private static JsonObject ChangedInput()
    {
        var input = LookupInput();
        input["properties"]!["lang"] = new JsonObject { ["type"] = "string" };
        input["required"] = new JsonArray("key", "lang");
        return input;
    }

    public static JsonObject LookupOutput() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["key"] = new JsonObject { ["type"] = "string" },
            ["length"] = new JsonObject { ["type"] = "integer" },
        },
        ["required"] = new JsonArray("key", "length"),
    };

    /// <summary>
    /// `lookup` answers `{key, length}` (2 units); `off-schema` answers a `length` that breaks its own
    /// outputSchema; `refuses` is an `isError` result; `hangs` never answers; `huge` answers 10 MB;
    /// `json-text` has only text content holding JSON, `plain-text` only plain text (and no outputSchema);
    /// `echo-config` adds the `_meta` config it was called with to the lookup answer.
    /// </summary>
    private static readonly string[] ToolNames = ["lookup", "off-schema", "refuses", "hangs", "huge", "json-text", "plain-text", "echo-config"];

    public static IReadOnlyList<string> Tools => ToolNames;

    /// <summary>While false, every tool answers as `lookup` does: a version can be verified, then made to misbehave.</summary>
    public bool Misbehave { get; set; } = true;

    private volatile IReadOnlySet<string> _hidden = new HashSet<string>();
    private volatile IReadOnlySet<string> _changed = new HashSet<string>();

    /// <summary>
    /// Changes what `tools/list` says from now on, as a server redeployed without a new registered version would:
    /// <paramref name="hidden"/> tools are left out, and <paramref name="changed"/> tools' inputSchema requires one more
    /// property (`lang`). Calls still answer as before. No arguments: the original list again.
    /// </summary>
    public void ChangeToolList(string[]? hidden = null, string[]? changed = null)
    {
        _hidden = new HashSet<string>(hidden ?? []);
        _changed = new HashSet<string>(changed ?? []);
    }

    public async Task InitializeAsync() => await StartAsync(0);

    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    async ValueTask IAsyncDisposable.DisposeAsync() => await StopAsync();

    /// <summary>Stops and starts again on the same port: every session the server gave is forgotten, as after a redeploy.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync(_port);
    }

    private async Task StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", $"http://127.0.0.1:{port}"]);
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer()
            .WithHttpTransport(transport => transport.Stateless = false)
            .WithListToolsHandler((_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. ToolNames.Where(n => !_hidden.Contains(n)).Select(Tool)] }))
            .WithCallToolHandler(CallAsync);
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path == "/mcp" && HttpMethods.IsPost(context.Request.Method))
            {
                Interlocked.Increment(ref _mcpPosts);
            }

            await next(context);
        });
        app.MapMcp("/mcp");
        app.MapPost("/html", () => Results.Content("<!doctype html><html><body>Welcome!</body></html>", "text/html"));
        app.MapPost("/jsonrpc-error", async (HttpRequest request) =>
            Json(JsonRpcError((await JsonNode.ParseAsync(request.Body))?["id"]?.DeepClone(), -32603, "This endpoint is down for maintenance.")));
        app.MapPost("/hang", async (CancellationToken ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Results.Ok();
        });
        app.MapPost("/raw/{variant}", RawMcpAsync);
        app.MapPost("/a2a-v03-only", A2AV03OnlyAsync);
        await app.StartAsync();
        _port = new Uri(app.Urls.Single()).Port;
        _app = app;
    }

    private async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private Tool Tool(string name) => new()
    {
        Name = name,
        Description = $"The test server's `{name}` tool.",
        InputSchema = JsonSerializer.SerializeToElement(_changed.Contains(name) ? ChangedInput() : LookupInput()),
        OutputSchema = name == "plain-text" ? null : JsonSerializer.SerializeToElement(LookupOutput()),
    };

    private async ValueTask<CallToolResult> CallAsync(RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var key = request.Params?.Arguments?.TryGetValue("key", out var value) == true && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
        switch (Misbehave ? request.Params?.Name : "lookup")
        {
            case "refuses":
                return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = "Upstream refused the lookup." }] };
            case "hangs":
                await Task.Delay(Timeout.Infinite, ct);
                break;
            case "huge":
                return new CallToolResult { Content = [new TextContentBlock { Text = new string('x', HugeBytes) }] };
            case "json-text":
                return new CallToolResult { Content = [new TextContentBlock { Text = $$"""{"key":"{{key}}","length":{{key.Length}}}""" }] };
            case "plain-text":
                return new CallToolResult { Content = [new TextContentBlock { Text = $"The key is {key}." }] };
        }

        var answer = new JsonObject { ["key"] = key, ["length"] = Misbehave && request.Params?.Name == "off-schema" ? "long" : key.Length };
        if (request.Params?.Name == "echo-config")
        {
            answer["config"] = request.Params.Meta?["io.agentmarketplace/config"]?.DeepClone();
        }

        return new CallToolResult
        {
            StructuredContent = JsonSerializer.SerializeToElement(answer),
            Content = [new TextContentBlock { Text = answer.ToJsonString() }],
            Meta = new JsonObject { ["usage"] = new JsonObject { ["units"] = 2 } },
        };
    }

    /// <summary>
    /// A hand-written MCP server (the SDK's server would refuse to send these tools): it declines
    /// `server/discover`, answers `initialize`, and lists the tools of <paramref name="variant"/>:
    /// `bad-tools` (a tool without an inputSchema), `empty-tools`, `invalid-schema` (not a JSON Schema),
    /// `deep-schema` (nested past the platform's bound) or `huge-tools` (a 10 MB listing).
    /// </summary>
    private static async Task<IResult> RawMcpAsync(string variant, HttpRequest request)
    {
        var call = await JsonNode.ParseAsync(request.Body) as JsonObject;
        var id = call?["id"]?.DeepClone();
        if (id is null)
        {
            return Results.Accepted();
        }

        return call!["method"]?.GetValue<string>() switch
        {
            "initialize" => Json(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["result"] = new JsonObject
                {
                    ["protocolVersion"] = call["params"]?["protocolVersion"]?.DeepClone(),
                    ["capabilities"] = new JsonObject { ["tools"] = new JsonObject() },
                    ["serverInfo"] = new JsonObject { ["name"] = "raw-" + variant, ["version"] = "1.0.0" },
                },
            }),
            "tools/list" => Json(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = new JsonObject { ["tools"] = RawTools(variant) } }),
            _ => Json(JsonRpcError(id, -32601, "Method not found.")),
        };
    }

    private static JsonArray RawTools(string variant) => variant switch
    {
        "bad-tools" => [new JsonObject { ["name"] = "broken", ["description"] = "Has no inputSchema." }],
        "empty-tools" => [],
        "invalid-schema" => [RawTool(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject { ["x"] = new JsonObject { ["type"] = "no-such-type" } },
        })],
        "deep-schema" => [RawTool(DeepSchema(40))],
        "huge-tools" => [RawTool(new JsonObject { ["type"] = "object", ["description"] = new string('x', HugeBytes) })],
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "No such raw variant."),
    };

    private static JsonObject RawTool(JsonObject inputSchema) => new() { ["name"] = "raw", ["description"] = "A raw tool.", ["inputSchema"] = inputSchema };

    /// <summary>An object schema whose one property nests arrays <paramref name="depth"/> deep.</summary>
    private static JsonObject DeepSchema(int depth)
    {
        JsonObject inner = new() { ["type"] = "string" };
        for (var i = 0; i < depth; i++)
        {
            inner = new JsonObject { ["type"] = "array", ["items"] = inner };
        }

        return new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["x"] = inner } };
    }

    /// <summary>An A2A 0.3 agent that knows nothing of 1.0: `message/send` only, whatever the A2A-Version header says.</summary>
    private static async Task<IResult> A2AV03OnlyAsync(HttpRequest request)
    {
        var call = await JsonNode.ParseAsync(request.Body) as JsonObject;
        var id = call?["id"]?.DeepClone();
        return call?["method"]?.GetValue<string>() == "message/send"
            ? Json(new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["result"] = new JsonObject
                {
                    ["kind"] = "message",
                    ["role"] = "agent",
                    ["messageId"] = Guid.NewGuid().ToString(),
                    ["parts"] = new JsonArray(new JsonObject { ["kind"] = "data", ["data"] = call["params"]?["message"]?["parts"]?[0]?["data"]?.DeepClone() }),
                },
            })
            : Json(JsonRpcError(id, -32601, $"Method not found: {call?["method"]}"));
    }

    private static JsonObject JsonRpcError(JsonNode? id, int code, string message) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    private static IResult Json(JsonNode body) => Results.Text(body.ToJsonString(), "application/json", Encoding.UTF8);
}
