using System.Diagnostics;
using System.Text.Json;
using Polly.CircuitBreaker;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// The protocols whose call is one plain HTTP request (http-json, A2A): send it with the call's
/// deadline, read at most the cap, and parse the answer without trusting it.
/// </summary>
internal abstract class HttpAgentAdapter(HttpClient http) : IAgentProtocolAdapter
{
    protected HttpClient Http => http;

    protected abstract HttpRequestMessage Request(AgentCall call);

    protected abstract ParsedAnswer Parse(string body);

    public virtual Task<AgentHealth?> CheckHealthAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct) =>
        Task.FromResult<AgentHealth?>(null);

    public async Task<AgentCallResult> InvokeAsync(AgentCall call, CancellationToken ct)
    {
        using var request = Request(call);
        if (call.CircuitKey is not null)
        {
            request.Options.Set(AgentHttpClients.CircuitKey, call.CircuitKey);
        }

        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(call.Timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await AgentAnswers.ReadCappedAsync(response.Content, call.MaxResponseBytes, deadline.Token);
            if (body is null)
            {
                return AgentCallResult.Failed(AgentCallFailure.TooLarge,
                    $"The agent's answer is larger than {call.MaxResponseBytes} bytes.", stopwatch.Elapsed, (int)response.StatusCode);
            }

            if (!response.IsSuccessStatusCode)
            {
                return AgentCallResult.Failed(AgentCallFailure.ErrorStatus,
                    $"The agent answered HTTP {(int)response.StatusCode}: {AgentAnswers.Snippet(body)}", stopwatch.Elapsed, (int)response.StatusCode);
            }

            var parsed = SafeParse(body);
            return parsed.Error is null
                ? new AgentCallResult(AgentCallFailure.None, parsed.Output, parsed.Units, (int)response.StatusCode, null, stopwatch.Elapsed)
                : AgentCallResult.Failed(parsed.Failure, parsed.Error, stopwatch.Elapsed, (int)response.StatusCode);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AgentCallResult.Failed(AgentCallFailure.Timeout,
                $"The agent did not answer within {call.Timeout.TotalSeconds:0.###} s.", stopwatch.Elapsed);
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

    /// <summary>An agent's answer is untrusted input: whatever its shape, parsing ends in a result.</summary>
    private ParsedAnswer SafeParse(string body)
    {
        try
        {
            return Parse(body);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException)
        {
            return ParsedAnswer.Invalid("The agent's answer has an unexpected shape.");
        }
    }

    internal static Uri Combine(string endpointUrl, string path) => new(endpointUrl.TrimEnd('/') + "/" + path);
}
