using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// Checks the `params` of the requests this server handles before the SDK reads them: the SDK answers params
/// it cannot read (a `name` that is a number, `arguments` that are an array) with -32603 Internal error, where
/// JSON-RPC says -32602 Invalid params. A client's mistake is named as its own.
/// </summary>
internal static class ParamsShapeFilter
{
    private static readonly Dictionary<string, Type> Shapes = new(StringComparer.Ordinal)
    {
        [RequestMethods.ToolsCall] = typeof(CallToolRequestParams),
        [RequestMethods.ToolsList] = typeof(ListToolsRequestParams),
        [RequestMethods.SubscriptionsListen] = typeof(SubscriptionsListenRequestParams),
    };

    public static McpMessageFilter Filter => next => async (context, ct) =>
    {
        if (context.JsonRpcMessage is JsonRpcRequest { Params: { } parameters } request && Shapes.TryGetValue(request.Method, out var shape))
        {
            Check(request.Method, parameters, shape);
        }

        await next(context, ct);
    };

    private static void Check(string method, JsonNode parameters, Type shape)
    {
        try
        {
            JsonSerializer.Deserialize(parameters, shape, McpJsonUtilities.DefaultOptions);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "params" : "params" + e.Path[1..];
            throw new McpProtocolException(
                $"Invalid params for {method}: {where} does not have the shape the method takes (see the MCP schema).", McpErrorCode.InvalidParams);
        }
    }
}
