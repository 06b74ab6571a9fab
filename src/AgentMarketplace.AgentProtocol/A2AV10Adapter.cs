using System.Text.Json.Nodes;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// A2A 1.0 (spec 1.0.1), JSON-RPC binding: `SendMessage` with the `A2A-Version: 1.0` header, role
/// `ROLE_USER`, parts `{data}` / `{text}` without a `kind`. The result is `{message}` or `{task}`; a
/// task's output comes from its artifacts, then its status message, and only a completed task has one.
/// </summary>
internal sealed class A2AV10Adapter(HttpClient http) : HttpAgentAdapter(http)
{
    public const string Method = "SendMessage";

    private const string Completed = "TASK_STATE_COMPLETED";

    protected override HttpRequestMessage Request(AgentCall call)
    {
        var metadata = A2AJsonRpc.Metadata(call);
        return A2AJsonRpc.Post(call.EndpointUrl, Method, new JsonObject
        {
            ["message"] = new JsonObject
            {
                ["messageId"] = Guid.NewGuid().ToString(),
                ["role"] = "ROLE_USER",
                ["parts"] = new JsonArray(new JsonObject { ["data"] = call.Input?.DeepClone(), ["mediaType"] = "application/json" }),
                ["metadata"] = metadata.DeepClone(),
            },
            ["configuration"] = new JsonObject { ["acceptedOutputModes"] = new JsonArray("application/json", "text/plain") },
            ["metadata"] = metadata,
        }, AgentProtocols.A2AV10);
    }

    protected override ParsedAnswer Parse(string body) => ParseResult(body);

    public static ParsedAnswer ParseResult(string body)
    {
        if (A2AJsonRpc.ReadResult(body, AgentProtocols.A2AV03, out var result) is { } error)
        {
            return ParsedAnswer.Invalid(error);
        }

        if (result["message"] is JsonObject message)
        {
            return Output(A2AJsonRpc.Parts(message["parts"]), message["metadata"]);
        }

        if (result["task"] is JsonObject task)
        {
            var status = task["status"] as JsonObject;
            var statusMessage = status?["message"] as JsonObject;
            var state = status?["state"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            if (state is not null && state != Completed)
            {
                var said = string.Concat(A2AJsonRpc.Parts(statusMessage?["parts"]).Select(p => p["text"] is JsonValue t ? t.ToString() : ""));
                return ParsedAnswer.Reported($"The agent's task ended {state}, not {Completed}"
                    + (said.Length > 0 ? $": {AgentAnswers.Snippet(said)}" : "."));
            }

            var parts = (task["artifacts"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(a => A2AJsonRpc.Parts(a["parts"]))
                .Concat(A2AJsonRpc.Parts(statusMessage?["parts"]));
            return Output(parts, task["metadata"]);
        }

        return result["kind"] is not null
            ? ParsedAnswer.Invalid("The agent answered in the A2A 0.3 shape (`kind`) to an A2A 1.0 call; "
                + "register the version with protocolVersion \"0.3\".")
            : ParsedAnswer.Invalid("The agent's A2A 1.0 answer has neither `message` nor `task`.");
    }

    private static ParsedAnswer Output(IEnumerable<JsonObject> parts, JsonNode? metadata) =>
        A2AJsonRpc.Output(parts.ToList(), isData: p => p.ContainsKey("data"), isText: p => p.ContainsKey("text"), metadata);
}
