using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// A2A <c>message/send</c>. The skill id is the message's <c>metadata.skillId</c>, else the request's
/// <c>params.metadata.skillId</c>; the input is the first data part's <c>data</c>, else the text parts
/// joined as <c>{text}</c>. The answer is a Message whose data part holds the output.
/// </summary>
internal static class MessageSend
{
    public const string Method = "message/send";

    public static JsonObject Handle(JsonNode? id, JsonNode? parameters, SkillInvoker invoker)
    {
        if (parameters is not JsonObject request || request["message"] is not JsonObject message || message["parts"] is not JsonArray parts)
        {
            return JsonRpc.Error(id, JsonRpc.InvalidParams, "Invalid params: `params.message.parts` must be an array.");
        }

        var skillId = SkillIdIn(message["metadata"]) ?? SkillIdIn(request["metadata"]);
        if (skillId is null)
        {
            return JsonRpc.Error(id, JsonRpc.InvalidParams,
                "Invalid params: name the skill in `params.message.metadata.skillId` or `params.metadata.skillId`.");
        }

        if (InputOf(parts) is not { } input)
        {
            return JsonRpc.Error(id, JsonRpc.InvalidParams, "Invalid params: the message has neither a data part nor a text part.");
        }

        var result = invoker.Invoke(skillId, input);
        if (!result.Succeeded)
        {
            return JsonRpc.Error(id, JsonRpc.InvalidParams, $"Invalid params: {result.Error}");
        }

        return JsonRpc.Result(id, new JsonObject
        {
            ["kind"] = "message",
            ["role"] = "agent",
            ["messageId"] = Guid.NewGuid().ToString(),
            ["parts"] = new JsonArray(new JsonObject { ["kind"] = "data", ["data"] = result.Output }),
            ["metadata"] = new JsonObject { ["usage"] = new JsonObject { ["units"] = result.Units } },
        });
    }

    private static string? SkillIdIn(JsonNode? metadata) => metadata is JsonObject fields ? fields["skillId"].StringValue() : null;

    private static JsonNode? InputOf(JsonArray parts)
    {
        var typedParts = parts.OfType<JsonObject>().ToList();
        if (typedParts.FirstOrDefault(part => part["kind"].StringValue() == "data") is { } dataPart)
        {
            return dataPart["data"];
        }

        var texts = typedParts.Where(part => part["kind"].StringValue() == "text").Select(part => part["text"].StringValue()).OfType<string>().ToList();
        return texts.Count == 0 ? null : new JsonObject { ["text"] = string.Concat(texts) };
    }
}
