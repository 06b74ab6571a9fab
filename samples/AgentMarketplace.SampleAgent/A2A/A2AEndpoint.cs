using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Faults;
using AgentMarketplace.SampleAgent.Http;
using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.A2A;

/// <summary><c>POST /a2a</c>: the A2A JSON-RPC 2.0 endpoint. Errors are JSON-RPC error objects with HTTP 200.</summary>
internal static class A2AEndpoint
{
    public const string Path = "/a2a";

    public static void MapA2A(this IEndpointRouteBuilder routes) =>
        routes.MapPost(Path, HandleAsync).AddEndpointFilter<FaultDelayFilter>();

    private static async Task<IResult> HandleAsync(HttpRequest request, SkillInvoker invoker, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(request, ct);
        return Results.Json(Answer(body, invoker));
    }

    private static JsonObject Answer(JsonBody body, SkillInvoker invoker)
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

        return method == MessageSend.Method
            ? MessageSend.Handle(call["id"], call["params"], invoker)
            : JsonRpc.Error(call["id"], JsonRpc.MethodNotFound, $"Method not found: '{method}'. This agent supports {MessageSend.Method}.");
    }
}
