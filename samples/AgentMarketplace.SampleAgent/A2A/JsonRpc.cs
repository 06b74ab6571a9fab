using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>JSON-RPC 2.0 response envelopes and the standard error codes A2A uses.</summary>
internal static class JsonRpc
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InvalidParams = -32602;

    /// <summary>A2A 1.0's VersionNotSupportedError: the A2A-Version header names a version this agent does not speak.</summary>
    public const int VersionNotSupported = -32009;

    /// <summary>JSON-RPC ids are strings, numbers or null.</summary>
    public static bool IsValidId(JsonNode? id) => id is null || id.GetValueKind() is JsonValueKind.String or JsonValueKind.Number;

    public static JsonObject Result(JsonNode? id, JsonNode result) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["result"] = result };

    public static JsonObject Error(JsonNode? id, int code, string message) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone(), ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
