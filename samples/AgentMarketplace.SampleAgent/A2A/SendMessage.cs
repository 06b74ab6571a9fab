using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// A2A 1.0 <c>SendMessage</c> (JSON-RPC binding). Parts carry no <c>kind</c>: a part is <c>{data}</c> or
/// <c>{text}</c>. The result is <c>{message}</c>: a <c>ROLE_AGENT</c> message whose data part holds the
/// output, with the units in its metadata.
/// </summary>
internal static class SendMessage
{
    public const string Method = "SendMessage";

    public static JsonObject Handle(JsonNode? id, JsonNode? parameters, SkillInvoker invoker) =>
        SkillMessage.Handle(id, parameters, invoker,
            isData: part => part.ContainsKey("data"),
            isText: part => part.ContainsKey("text"),
            (message, result) => new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["messageId"] = Guid.NewGuid().ToString(),
                    ["contextId"] = message["contextId"].StringValue() ?? Guid.NewGuid().ToString(),
                    ["role"] = "ROLE_AGENT",
                    ["parts"] = new JsonArray(new JsonObject { ["data"] = result.Output, ["mediaType"] = "application/json" }),
                    ["metadata"] = new JsonObject { ["usage"] = new JsonObject { ["units"] = result.Units } },
                },
            });
}
