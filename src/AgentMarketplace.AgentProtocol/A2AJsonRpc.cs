using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// What A2A 0.3 and 1.0 share on the JSON-RPC binding: the envelope, the skill id (and the deployment's
/// config) in the message's and the request's metadata, and turning the answer's parts into an output:
/// the first data part, else the text parts joined as `{text}`.
/// </summary>
internal static class A2AJsonRpc
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>JSON-RPC's "method not found", which is how an agent of the other A2A version answers.</summary>
    private const int MethodNotFound = -32601;

    /// <summary>A2A 1.0's VersionNotSupportedError.</summary>
    private const int VersionNotSupported = -32009;

    public static JsonObject Metadata(AgentCall call)
    {
        var metadata = new JsonObject { ["skillId"] = call.Capability };
        if (call.Config is not null)
        {
            metadata["config"] = call.Config.DeepClone();
        }

        return metadata;
    }

    public static HttpRequestMessage Post(string url, string method, JsonObject parameters, string? a2aVersion)
    {
        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["method"] = method,
            ["params"] = parameters,
        };
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json),
        };
        if (a2aVersion is not null)
        {
            request.Headers.Add("A2A-Version", a2aVersion);
        }

        return request;
    }

    /// <summary>
    /// The `result` object of a JSON-RPC answer, or why there is none. <paramref name="otherVersion"/> names
    /// the A2A version to suggest when the agent does not know the method this version calls.
    /// </summary>
    public static string? ReadResult(string body, string otherVersion, out JsonObject result)
    {
        result = null!;
        if (!AgentAnswers.TryParseObject(body, out var answer))
        {
            return $"The agent's answer is not a JSON-RPC response: {AgentAnswers.Snippet(body)}";
        }

        if (answer["error"] is JsonObject error)
        {
            var code = error["code"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
            var hint = code is MethodNotFound or VersionNotSupported
                ? $" The agent may speak A2A {otherVersion}: register the version with protocolVersion \"{otherVersion}\"."
                : "";
            return $"The agent answered JSON-RPC error {error["code"]?.ToJsonString()}: {AgentAnswers.Snippet(error["message"]?.ToString() ?? "")}{hint}";
        }

        if (answer["result"] is not JsonObject found)
        {
            return "The agent's JSON-RPC answer has no `result`.";
        }

        result = found;
        return null;
    }

    /// <summary>The output the parts carry, with the units the answer's metadata claims.</summary>
    public static ParsedAnswer Output(IReadOnlyList<JsonObject> parts, Func<JsonObject, bool> isData, Func<JsonObject, bool> isText, JsonNode? metadata)
    {
        JsonNode? output;
        if (parts.FirstOrDefault(isData) is { } data)
        {
            output = data["data"]?.DeepClone();
        }
        else
        {
            var texts = parts.Where(p => isText(p) && p["text"] is JsonValue).Select(p => p["text"]!.ToString()).ToList();
            if (texts.Count == 0)
            {
                return ParsedAnswer.Invalid("The agent's A2A answer has neither a data part nor a text part.");
            }

            output = new JsonObject { ["text"] = string.Concat(texts) };
        }

        return AgentAnswers.UsageUnits((metadata as JsonObject)?["usage"], out var units) is { } usageError
            ? ParsedAnswer.Invalid(usageError)
            : new ParsedAnswer(output, units, null);
    }

    public static IEnumerable<JsonObject> Parts(JsonNode? parts) => (parts as JsonArray ?? []).OfType<JsonObject>();
}
