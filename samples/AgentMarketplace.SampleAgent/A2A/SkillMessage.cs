using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// What A2A 0.3 <c>message/send</c> and 1.0 <c>SendMessage</c> share: the skill id is the message's
/// <c>metadata.skillId</c>, else the request's <c>params.metadata.skillId</c>; the input is the first data
/// part's <c>data</c>, else the text parts joined as <c>{text}</c>. Each version says what a data or text part
/// looks like and how the answer is shaped.
/// </summary>
internal static class SkillMessage
{
    public static JsonObject Handle(
        JsonNode? id, JsonNode? parameters, SkillInvoker invoker,
        Func<JsonObject, bool> isData, Func<JsonObject, bool> isText, Func<JsonObject, SkillResult, JsonObject> answer)
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

        var typedParts = parts.OfType<JsonObject>().ToList();
        var texts = typedParts.Where(isText).Select(part => part["text"].StringValue()).OfType<string>().ToList();
        var input = typedParts.FirstOrDefault(isData) is { } dataPart
            ? dataPart["data"]
            : texts.Count > 0 ? new JsonObject { ["text"] = string.Concat(texts) } : null;
        if (input is null)
        {
            return JsonRpc.Error(id, JsonRpc.InvalidParams, "Invalid params: the message has neither a data part nor a text part.");
        }

        var result = invoker.Invoke(skillId, input);
        return result.Succeeded
            ? JsonRpc.Result(id, answer(message, result))
            : JsonRpc.Error(id, JsonRpc.InvalidParams, $"Invalid params: {result.Error}");
    }

    private static string? SkillIdIn(JsonNode? metadata) => metadata is JsonObject fields ? fields["skillId"].StringValue() : null;
}
