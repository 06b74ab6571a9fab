using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// http-json: `POST {endpoint}/invoke` with `{capability, input, config?}` answers `{output, usage?}`;
/// `GET {endpoint}/health` answers 2xx when ready.
/// </summary>
internal sealed class HttpJsonAdapter(HttpClient http) : HttpAgentAdapter(http)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    protected override HttpRequestMessage Request(AgentCall call)
    {
        var body = new JsonObject { ["capability"] = call.Capability, ["input"] = call.Input?.DeepClone() };
        if (call.Config is not null)
        {
            body["config"] = call.Config.DeepClone();
        }

        return new HttpRequestMessage(HttpMethod.Post, Combine(call.EndpointUrl, "invoke"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json),
        };
    }

    protected override ParsedAnswer Parse(string body)
    {
        if (!AgentAnswers.TryParseObject(body, out var answer))
        {
            return ParsedAnswer.Invalid($"The agent's answer is not a JSON object: {AgentAnswers.Snippet(body)}");
        }

        if (!answer.TryGetPropertyValue("output", out var output))
        {
            return ParsedAnswer.Invalid("The agent's answer has no `output`.");
        }

        return AgentAnswers.UsageUnits(answer["usage"], out var units) is { } error
            ? ParsedAnswer.Invalid(error)
            : new ParsedAnswer(output?.DeepClone(), units, null);
    }

    public override async Task<AgentHealth?> CheckHealthAsync(string endpointUrl, TimeSpan timeout, long maxResponseBytes, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await Http.GetAsync(Combine(endpointUrl, "health"), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return response.IsSuccessStatusCode
                ? new AgentHealth(true, null)
                : new AgentHealth(false, $"Health check answered HTTP {(int)response.StatusCode}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AgentHealth(false, $"Health check did not answer within {timeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException e)
        {
            return new AgentHealth(false, $"Health check could not reach the agent: {e.Message}");
        }
    }
}
