using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.Tests.Http;

/// <summary>A2A `message/send` requests as A2A clients write them.</summary>
internal static class A2AMessages
{
    public static string Send(string skillId, params JsonObject[] parts) => Request(
        new JsonObject
        {
            ["message"] = Message(parts, new JsonObject { ["skillId"] = skillId }),
        });

    public static string SendWithSkillInParams(string skillId, params JsonObject[] parts) => Request(
        new JsonObject
        {
            ["message"] = Message(parts, metadata: null),
            ["metadata"] = new JsonObject { ["skillId"] = skillId },
        });

    public static JsonObject DataPart(JsonNode data) => new() { ["kind"] = "data", ["data"] = data };

    public static JsonObject TextPart(string text) => new() { ["kind"] = "text", ["text"] = text };

    private static string Request(JsonObject parameters) => new JsonObject
    {
        ["jsonrpc"] = "2.0",
        ["id"] = "request-1",
        ["method"] = "message/send",
        ["params"] = parameters,
    }.ToJsonString();

    private static JsonObject Message(JsonObject[] parts, JsonObject? metadata)
    {
        var message = new JsonObject
        {
            ["role"] = "user",
            ["messageId"] = Guid.NewGuid().ToString(),
            ["kind"] = "message",
            ["parts"] = new JsonArray([.. parts]),
        };
        if (metadata is not null)
        {
            message["metadata"] = metadata;
        }

        return message;
    }
}
