using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Polly.CircuitBreaker;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// Calls one capability of an agent over its protocol, with a timeout and a cap on how much of the
/// answer is read. Never throws for anything the agent does: every outcome is an <see cref="AgentCallResult"/>.
/// Give it an HttpClient built on <see cref="EndpointPolicy.CreateHandler"/>.
/// </summary>
public sealed class AgentClient(HttpClient http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // A deployment's config travels with the call: `config` in the http-json body, `metadata.config` in A2A.
    public async Task<AgentCallResult> InvokeAsync(
        string protocol, string endpointUrl, string capability, JsonNode? input,
        TimeSpan timeout, long maxResponseBytes, CancellationToken ct,
        IReadOnlyDictionary<string, string>? config = null, string? circuitKey = null)
    {
        var configObject = ConfigObject(config);
        using var request = protocol == AgentProtocols.A2A
            ? A2AMessages.SendRequest(endpointUrl, capability, input, configObject)
            : HttpJsonRequest(endpointUrl, capability, input, configObject);
        if (circuitKey is not null)
        {
            request.Options.Set(AgentHttpClients.CircuitKey, circuitKey);
        }

        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadCappedAsync(response.Content, maxResponseBytes, deadline.Token);
            if (body is null)
            {
                return AgentCallResult.Failed(AgentCallFailure.TooLarge,
                    $"The agent's answer is larger than {maxResponseBytes} bytes.", stopwatch.Elapsed, (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                return AgentCallResult.Failed(AgentCallFailure.ErrorStatus,
                    $"The agent answered HTTP {(int)response.StatusCode}: {Snippet(body)}", stopwatch.Elapsed, (int)response.StatusCode);
            }

            var parsed = Parse(protocol, body);
            return parsed.Error is null
                ? new AgentCallResult(AgentCallFailure.None, parsed.Output, parsed.Units, (int)response.StatusCode, null, stopwatch.Elapsed)
                : AgentCallResult.Failed(AgentCallFailure.InvalidResponse, parsed.Error, stopwatch.Elapsed, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AgentCallResult.Failed(AgentCallFailure.Timeout,
                $"The agent did not answer within {timeout.TotalSeconds:0.###} s.", stopwatch.Elapsed);
        }
        catch (HttpRequestException e)
        {
            return AgentCallResult.Failed(AgentCallFailure.Unreachable, $"The agent could not be reached: {e.Message}", stopwatch.Elapsed);
        }
        catch (BrokenCircuitException)
        {
            return AgentCallResult.Failed(AgentCallFailure.CircuitOpen,
                "The agent failed repeatedly; calls to it are paused for a while.", stopwatch.Elapsed);
        }
    }

    /// <summary>`GET {endpoint}/health`: true on a 2xx within the timeout.</summary>
    public async Task<(bool Healthy, string? Error)> CheckHealthAsync(string endpointUrl, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(Combine(endpointUrl, "health"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode ? (true, null) : (false, $"Health check answered HTTP {(int)response.StatusCode}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (false, $"Health check did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            return (false, $"Health check could not reach the agent: {e.Message}");
        }
    }

    /// <summary>An agent's answer is untrusted input: whatever its shape, parsing ends in a result.</summary>
    private static ParsedAnswer Parse(string protocol, string body)
    {
        try
        {
            return protocol == AgentProtocols.A2A ? A2AMessages.ParseResult(body) : ParseHttpJson(body);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            return ParsedAnswer.Invalid("The agent's answer has an unexpected shape.");
        }
    }

    internal static Uri Combine(string endpointUrl, string path) => new(endpointUrl.TrimEnd('/') + "/" + path);

    private static JsonObject? ConfigObject(IReadOnlyDictionary<string, string>? config) =>
        config is { Count: > 0 } ? new JsonObject(config.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)JsonValue.Create(e.Value)))) : null;

    private static HttpRequestMessage HttpJsonRequest(string endpointUrl, string capability, JsonNode? input, JsonObject? config)
    {
        var body = new JsonObject { ["capability"] = capability, ["input"] = input?.DeepClone() };
        if (config is not null)
        {
            body["config"] = config;
        }

        return new HttpRequestMessage(HttpMethod.Post, Combine(endpointUrl, "invoke"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json),
        };
    }

    private static ParsedAnswer ParseHttpJson(string body)
    {
        if (!TryParseObject(body, out var answer))
        {
            return ParsedAnswer.Invalid($"The agent's answer is not a JSON object: {Snippet(body)}");
        }

        if (!answer.TryGetPropertyValue("output", out var output))
        {
            return ParsedAnswer.Invalid("The agent's answer has no `output`.");
        }

        return UsageUnits(answer["usage"], out var units) is { } error
            ? ParsedAnswer.Invalid(error)
            : new ParsedAnswer(output?.DeepClone(), units, null);
    }

    /// <summary>`usage.units` is optional; when present it must be a non-negative integer.</summary>
    internal static string? UsageUnits(JsonNode? usage, out long? units)
    {
        units = null;
        if (usage is not JsonObject usageObject || !usageObject.TryGetPropertyValue("units", out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue number && number.TryGetValue<long>(out var whole) && whole >= 0)
        {
            units = whole;
            return null;
        }

        return "The agent's `usage.units` is not a non-negative integer.";
    }

    internal static bool TryParseObject(string body, out JsonObject result)
    {
        result = null!;
        try
        {
            if (JsonNode.Parse(body) is JsonObject obj)
            {
                result = obj;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is larger.</summary>
    private static async Task<string?> ReadCappedAsync(HttpContent content, long max, CancellationToken ct)
    {
        if (content.Headers.ContentLength > max)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A short, single-line excerpt: enough to diagnose, too little to leak a whole body.</summary>
    internal static string Snippet(string body)
    {
        var flat = new string(body.Take(200).Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return body.Length > 200 ? flat + "…" : flat;
    }
}

internal sealed record ParsedAnswer(JsonNode? Output, long? Units, string? Error)
{
    public static ParsedAnswer Invalid(string error) => new(null, null, error);
}
