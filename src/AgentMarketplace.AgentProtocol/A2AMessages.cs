using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// A2A JSON-RPC 2.0 `message/send`: the input travels as a data part, the skill id in the message's
/// metadata (and the request's, for agents that read it there). The answer is a Message, or a Task
/// whose artifacts hold the parts; the first data part is the output, else the text parts as `{text}`.
/// </summary>
internal static class A2AMessages
{
    public static HttpRequestMessage SendRequest(string url, string skillId, JsonNode? input, JsonObject? config)
    {
        var metadata = new JsonObject { ["skillId"] = skillId };
        if (config is not null)
        {
            metadata["config"] = config;
        }

        var body = new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["method"] = "message/send",
            ["params"] = new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["kind"] = "message",
                    ["role"] = "user",
                    ["messageId"] = Guid.NewGuid().ToString(),
                    ["parts"] = new JsonArray(new JsonObject { ["kind"] = "data", ["data"] = input?.DeepClone() }),
                    ["metadata"] = metadata.DeepClone(),
                },
                ["metadata"] = metadata,
            },
        };
        return new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
    }

    public static ParsedAnswer ParseResult(string body)
    {
        if (!AgentClient.TryParseObject(body, out var answer))
        {
            return ParsedAnswer.Invalid($"The agent's answer is not a JSON-RPC response: {AgentClient.Snippet(body)}");
        }

        if (answer["error"] is JsonObject error)
        {
            return ParsedAnswer.Invalid($"The agent answered JSON-RPC error {error["code"]}: {AgentClient.Snippet(error["message"]?.ToString() ?? "")}");
        }

        if (answer["result"] is not JsonObject result)
        {
            return ParsedAnswer.Invalid("The agent's JSON-RPC answer has no `result`.");
        }

        var statusMessage = (result["status"] as JsonObject)?["message"] as JsonObject;
        var parts = result["kind"]?.ToString() == "task"
            ? (result["artifacts"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(a => a["parts"] as JsonArray ?? [])
                .Concat(statusMessage?["parts"] as JsonArray ?? [])
            : result["parts"] as JsonArray ?? [];
        var partList = parts.OfType<JsonObject>().ToList();

        JsonNode? output = partList.FirstOrDefault(p => p["kind"]?.ToString() == "data")?["data"]?.DeepClone();
        if (output is null)
        {
            var texts = partList.Where(p => p["kind"]?.ToString() == "text" && p["text"] is JsonValue).Select(p => p["text"]!.ToString()).ToList();
            if (texts.Count == 0)
            {
                return ParsedAnswer.Invalid("The agent's A2A answer has neither a data part nor a text part.");
            }

            output = new JsonObject { ["text"] = string.Concat(texts) };
        }

        return AgentClient.UsageUnits((result["metadata"] as JsonObject)?["usage"], out var units) is { } usageError
            ? ParsedAnswer.Invalid(usageError)
            : new ParsedAnswer(output, units, null);
    }
}
