using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// A2A 1.0 <c>SendMessage</c> (JSON-RPC binding). Parts carry no <c>kind</c>: a part is <c>{data}</c> or
/// <c>{text}</c>. The skill id is the message's <c>metadata.skillId</c>, else the request's; the input is the
/// first data part's <c>data</c>, else the text parts joined as <c>{text}</c>. The result is
/// <c>{message}</c>: a <c>ROLE_AGENT</c> message whose data part holds the output, with the units in its metadata.
/// </summary>
internal static class SendMessage
{
    public const string Method = "SendMessage";

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

    private static string? SkillIdIn(JsonNode? metadata) => metadata is JsonObject fields ? fields["skillId"].StringValue() : null;

    private static JsonNode? InputOf(JsonArray parts)
    {
        var typedParts = parts.OfType<JsonObject>().ToList();
        if (typedParts.FirstOrDefault(part => part.ContainsKey("data")) is { } dataPart)
        {
            return dataPart["data"];
        }

        var texts = typedParts.Select(part => part["text"].StringValue()).OfType<string>().ToList();
        return texts.Count == 0 ? null : new JsonObject { ["text"] = string.Concat(texts) };
    }
}
