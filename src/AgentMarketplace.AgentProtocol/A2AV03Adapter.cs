using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// A2A 0.3, JSON-RPC `message/send`: parts are tagged with `kind`, roles are `user`/`agent`. The answer
/// is a Message, or a Task whose artifacts (then its status message) hold the parts.
/// </summary>
internal sealed class A2AV03Adapter(HttpClient http) : HttpAgentAdapter(http)
{
    public const string Method = "message/send";

    protected override HttpRequestMessage Request(AgentCall call)
    {
        var metadata = A2AJsonRpc.Metadata(call);
        return A2AJsonRpc.Post(call.EndpointUrl, Method, new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["kind"] = "message",
                ["role"] = "user",
                ["messageId"] = Guid.NewGuid().ToString(),
                ["parts"] = new JsonArray(new JsonObject { ["kind"] = "data", ["data"] = call.Input?.DeepClone() }),
                ["metadata"] = metadata.DeepClone(),
            },
            ["metadata"] = metadata,
        }, a2aVersion: null);
    }

    protected override ParsedAnswer Parse(string body) => ParseResult(body);

    public static ParsedAnswer ParseResult(string body)
    {
        if (A2AJsonRpc.ReadResult(body, AgentProtocols.A2AV10, out var result) is { } error)
        {
            return ParsedAnswer.Invalid(error);
        }

        if (result["kind"] is null && (result["message"] is JsonObject || result["task"] is JsonObject))
        {
            return ParsedAnswer.Invalid("The agent answered in the A2A 1.0 shape (`{message}` or `{task}`) to an A2A 0.3 call; "
                + "register the version with protocolVersion \"1.0\".");
        }

        var statusMessage = (result["status"] as JsonObject)?["message"] as JsonObject;
        var parts = result["kind"]?.ToString() == "task"
            ? (result["artifacts"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(a => A2AJsonRpc.Parts(a["parts"]))
                .Concat(A2AJsonRpc.Parts(statusMessage?["parts"]))
            : A2AJsonRpc.Parts(result["parts"]);
        return A2AJsonRpc.Output(parts.ToList(),
            isData: p => p["kind"]?.ToString() == "data" && p["data"] is not null,
            isText: p => p["kind"]?.ToString() == "text",
            result["metadata"]);
    }
}
