using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Faults;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary>
/// <c>POST /a2a</c>: the A2A JSON-RPC 2.0 endpoint for both versions. The <c>A2A-Version</c> header picks
/// the version: <c>1.0</c> speaks <c>SendMessage</c>; no header means 0.3 (<c>message/send</c>), as the
/// 1.0 specification says. Errors are JSON-RPC error objects with HTTP 200.
/// </summary>
internal static class A2AEndpoint
{
    public const string Path = "/a2a";

    public const string VersionHeader = "A2A-Version";

    public static void MapA2A(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, HandleAsync).AddEndpointFilter<FaultDelayFilter>();

    private static async Task<IResult> HandleAsync(HttpRequest request, SkillInvoker invoker, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        return Results.Json(Answer(body, request.Headers[VersionHeader].ToString(), invoker));
    }

    private static JsonObject Answer(JsonBody body, string version, SkillInvoker invoker)
    {
        if (!body.IsWellFormed)
        {
            return JsonRpc.Error(null, JsonRpc.ParseError, "Parse error: the body is not well-formed JSON.");
        }

        if (body.Value is not JsonObject call || call["jsonrpc"].StringValue() != "2.0" || !JsonRpc.IsValidId(call["id"])
            || call["method"].StringValue() is not { } method)
        {
            var id = body.Value is JsonObject withId && JsonRpc.IsValidId(withId["id"]) ? withId["id"] : null;
            return JsonRpc.Error(id, JsonRpc.InvalidRequest, "Invalid request: expected a JSON-RPC 2.0 request object with a method.");
        }

        var (spoken, expected) = version switch
        {
            "" or "0.3" or "0.3.0" => ("0.3", MessageSend.Method),
            "1.0" or "1.0.0" or "1.0.1" => ("1.0", SendMessage.Method),
            _ => (null, null),
        };
        if (spoken is null)
        {
            return JsonRpc.Error(call["id"], JsonRpc.VersionNotSupported,
                $"A2A version '{version}' is not supported. This agent speaks 1.0 (header {VersionHeader}: 1.0) and 0.3 (no header).");
        }

        if (method != expected)
        {
            return JsonRpc.Error(call["id"], JsonRpc.MethodNotFound,
                $"Method not found: '{method}'. In A2A {spoken} this agent supports {expected}.");
        }

        return spoken == "1.0"
            ? SendMessage.Handle(call["id"], call["params"], invoker)
            : MessageSend.Handle(call["id"], call["params"], invoker);
    }
}
