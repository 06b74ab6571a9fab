using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Polly.CircuitBreaker;

namespace AgentMarketplace.AgentProtocol;

/// <summary>A tool as an MCP server lists it: what becomes a capability.</summary>
public sealed record McpToolDefinition(string Name, string? Title, string? Description, JsonNode InputSchema, JsonNode? OutputSchema);

/// <summary>The tools an MCP server lists, or why it could not be asked (<see cref="Failure"/> says how it failed).</summary>
public sealed record McpToolListing(IReadOnlyList<McpToolDefinition>? Tools, AgentCallFailure Failure, string? Error);

/// <summary>
/// MCP over Streamable HTTP through the official SDK (`McpClient` over `HttpClientTransport`): a capability
/// is a tool, called with `tools/call` and the input as its `arguments` (the deployment's config in
/// `_meta`). The output is `structuredContent`, else the first text content parsed as JSON, else
/// `{"text": …}`; `isError: true` is the agent saying the call failed; units come from `_meta.usage`.
/// Health is one page of `tools/list`: every MCP version has it, while `ping` is gone from 2026-07-28 on. Sessions are kept in <see cref="McpSessions"/>; a server that forgot one
/// (HTTP 404 for its session id) gets a new handshake and the call once more.
/// </summary>
internal sealed class McpAdapter(McpSessions sessions) : IAgentProtocolAdapter
{
    /// <summary>Where a deployment's config travels in a `tools/call`'s `_meta`.</summary>
    public const string ConfigMetaKey = "io.agentmarketplace/config";

    /// <summary>More pages than any honest server needs; a cursor loop stops here.</summary>
    private const int MaxToolPages = 20;

    public async Task<AgentCallResult> InvokeAsync(AgentCall call, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        if (call.Input is not (null or JsonObject))
        {
            return AgentCallResult.Failed(AgentCallFailure.InvalidResponse, "An MCP tool takes a JSON object as its arguments.", stopwatch.Elapsed);
        }

        var request = new CallToolRequestParams
        {
            Name = call.Capability,
            Arguments = (call.Input as JsonObject)?.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value)),
            Meta = call.Config is null ? null : new JsonObject { [ConfigMetaKey] = call.Config.DeepClone() },
        };
        var outcome = await WithSessionAsync(Key(call.EndpointUrl, call.CircuitKey, call.MaxResponseBytes, call.Timeout), ct,
            async (client, token) => Read(await client.CallToolAsync(request, token)));
        return outcome.Value is { } parsed
            ? parsed.Error is null
                ? new AgentCallResult(AgentCallFailure.None, parsed.Output, parsed.Units, 200, null, stopwatch.Elapsed)
                : AgentCallResult.Failed(parsed.Failure, parsed.Error, stopwatch.Elapsed, 200)
            : AgentCallResult.Failed(outcome.Failure, outcome.Error!, stopwatch.Elapsed, outcome.Status);
    }

    public async Task<AgentHealth?> CheckHealthAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct)
    {
        var outcome = await WithSessionAsync(Key(endpointUrl, null, maxResponseBytes, timeout), ct,
            async (client, token) => await client.ListToolsAsync(new ListToolsRequestParams(), token));
        return outcome.Value is not null
            ? new AgentHealth(true, null)
            : new AgentHealth(false, $"MCP tools/list failed: {outcome.Error}");
    }

    /// <summary>`tools/list`, every page, as the server gives it.</summary>
    public async Task<McpToolListing> ListToolsAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct)
    {
        var outcome = await WithSessionAsync(Key(endpointUrl, null, maxResponseBytes, timeout), ct, async (client, token) =>
        {
            var tools = new List<McpToolDefinition>();
            var request = new ListToolsRequestParams();
            for (var page = 0; page < MaxToolPages; page++)
            {
                var result = await client.ListToolsAsync(request, token);
                tools.AddRange(result.Tools.Select(tool => new McpToolDefinition(
                    tool.Name, tool.Title, tool.Description, Node(tool.InputSchema)!,
                    tool.OutputSchema is { } output ? Node(output) : null)));
                if (result.NextCursor is null)
                {
                    return tools;
                }

                request = new ListToolsRequestParams { Cursor = result.NextCursor };
            }

            throw new McpException($"tools/list went on for more than {MaxToolPages} pages.");
        });
        return new McpToolListing(outcome.Value, outcome.Failure, outcome.Error);
    }

    private static McpSessionKey Key(string endpointUrl, string? circuitKey, long maxResponseBytes, TimeSpan timeout) =>
        new(endpointUrl, circuitKey, maxResponseBytes, timeout);

    /// <summary>
    /// Runs <paramref name="work"/> on the key's session within its timeout. Whatever the server or the
    /// SDK throws ends as a failure; a session the server no longer knows is renewed and tried once more.
    /// </summary>
    private async Task<Outcome<T>> WithSessionAsync<T>(McpSessionKey key, CancellationToken ct, Func<McpClient, CancellationToken, Task<T>> work)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(key.Timeout);
        for (var attempt = 0; ; attempt++)
        {
            McpClient? client = null;
            try
            {
                client = await sessions.ConnectAsync(key, deadline.Token);
                return new Outcome<T>(await work(client, deadline.Token), AgentCallFailure.None, null, null);
            }
            catch (Exception e) when (attempt == 0 && client?.SessionId is not null && SessionGone(e, client))
            {
                sessions.Forget(key);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var failure = Describe<T>(e, key);
                if (failure.Failure is not (AgentCallFailure.InvalidResponse or AgentCallFailure.CircuitOpen))
                {
                    // Timed out, unreachable, too large or refused: the next call starts a fresh session.
                    sessions.Forget(key);
                }

                return failure;
            }
        }
    }

    /// <summary>HTTP 404 for a request that carried the session id: the server restarted or expired the session.</summary>
    private static bool SessionGone(Exception e, McpClient client) =>
        Find<HttpRequestException>(e)?.StatusCode == HttpStatusCode.NotFound || client.Completion.IsCompleted;

    private static Outcome<T> Describe<T>(Exception e, McpSessionKey key) where T : class
    {
        if (e is OperationCanceledException or TimeoutException || Find<TimeoutException>(e) is not null)
        {
            return Failed<T>(AgentCallFailure.Timeout, $"The agent did not answer within {key.Timeout.TotalSeconds:0.###} s.");
        }

        if (Find<AgentAnswerTooLargeException>(e) is { } tooLarge)
        {
            return Failed<T>(AgentCallFailure.TooLarge, tooLarge.Message);
        }

        if (Find<BrokenCircuitException>(e) is not null)
        {
            return Failed<T>(AgentCallFailure.CircuitOpen, "The agent failed repeatedly; calls to it are paused for a while.");
        }

        if (Find<HttpRequestException>(e) is { } http)
        {
            return http.StatusCode is { } status
                ? new Outcome<T>(null, AgentCallFailure.ErrorStatus, $"The MCP server answered HTTP {(int)status}.", (int)status)
                : Failed<T>(AgentCallFailure.Unreachable, $"The agent could not be reached: {http.Message}");
        }

        if (Find<McpProtocolException>(e) is { } protocol)
        {
            return Failed<T>(AgentCallFailure.InvalidResponse,
                $"The MCP server answered JSON-RPC error {(int)protocol.ErrorCode}: {AgentAnswers.Snippet(protocol.Message)}");
        }

        // The SDK's own words for an answer that is not MCP (HTML, a reply-less stream, a tool that breaks the schema).
        return Failed<T>(AgentCallFailure.InvalidResponse, $"The server's answer does not follow MCP: {AgentAnswers.Snippet(e.Message)}");
    }

    private static Outcome<T> Failed<T>(AgentCallFailure failure, string error) where T : class => new(null, failure, error, null);

    private static TException? Find<TException>(Exception? e) where TException : Exception
    {
        for (var depth = 0; e is not null && depth < 10; depth++, e = e.InnerException)
        {
            if (e is TException found)
            {
                return found;
            }

            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
            {
                e = aggregate.InnerExceptions[0];
                if (e is TException inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }

    private static ParsedAnswer Read(CallToolResult result)
    {
        var text = result.Content?.OfType<TextContentBlock>().FirstOrDefault()?.Text;
        if (result.IsError == true)
        {
            return ParsedAnswer.Reported($"The tool reported an error: {AgentAnswers.Snippet(text ?? "(no text)")}");
        }

        JsonNode? output;
        if (result.StructuredContent is { ValueKind: not JsonValueKind.Null } structured)
        {
            output = Node(structured);
        }
        else if (text is not null)
        {
            output = ParseOrText(text);
        }
        else
        {
            return ParsedAnswer.Invalid("The tool's result has neither `structuredContent` nor text content.");
        }

        return AgentAnswers.UsageUnits(result.Meta?["usage"], out var units) is { } usageError
            ? ParsedAnswer.Invalid(usageError)
            : new ParsedAnswer(output, units, null);
    }

    private static JsonNode? ParseOrText(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return new JsonObject { ["text"] = text };
        }
    }

    private static JsonNode? Node(JsonElement element) => JsonNode.Parse(element.GetRawText());

    private sealed record Outcome<T>(T? Value, AgentCallFailure Failure, string? Error, int? Status) where T : class;
}
