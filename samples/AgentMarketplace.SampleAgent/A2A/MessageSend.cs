using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// A2A 0.3 <c>message/send</c>: parts are tagged with <c>kind</c> (<c>data</c> or <c>text</c>). The answer is
/// a Message whose data part holds the output, with the units in its metadata.
/// </summary>
internal static class MessageSend
{
    public const string Method = "message/send";

    public static JsonObject Handle(JsonNode? id, JsonNode? parameters, SkillInvoker invoker) =>
        SkillMessage.Handle(id, parameters, invoker,
            isData: part => part["kind"].StringValue() == "data",
            isText: part => part["kind"].StringValue() == "text",
            (_, result) => new JsonObject
            {
                ["kind"] = "message",
                ["role"] = "agent",
                ["messageId"] = Guid.NewGuid().ToString(),
                ["parts"] = new JsonArray(new JsonObject { ["kind"] = "data", ["data"] = result.Output }),
                ["metadata"] = new JsonObject { ["usage"] = new JsonObject { ["units"] = result.Units } },
            });
}
