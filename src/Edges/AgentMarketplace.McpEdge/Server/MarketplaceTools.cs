using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Deployment.Contracts;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// The handlers of the marketplace's MCP server. `tools/list`: the caller's tools (<see cref="CallerTools"/>)
/// and <see cref="CatalogueSearch"/>, a page at a time in name order. `tools/call`: the gateway's own path (<see cref="InvokeDeployment"/>), the
/// answer or refusal as a result (<see cref="ToolResults"/>); a name that is not one of the caller's tools is
/// the protocol error MCP names for unknown tools. `subscriptions/listen`: `notifications/tools/list_changed`
/// each time the caller's deployments change (<see cref="ToolListChanges"/>).
/// </summary>
internal static class MarketplaceTools
{
    public static async ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken ct)
    {
        var services = Services(request);
        var tools = await services.GetRequiredService<CallerTools>()
            .ForAsync(Caller(request), services.GetRequiredService<IMediator>(), ct);
        var perPage = services.GetRequiredService<IOptions<McpEdgeOptions>>().Value.ToolsPerPage;
        var after = request.Params?.Cursor is { } cursor ? DecodeCursor(cursor) : null;
        var page = tools.Tools.Select(t => t.Definition)
            .Append(CatalogueSearch.Definition)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Where(t => after is null || string.CompareOrdinal(t.Name, after) > 0)
            .Take(perPage + 1)
            .ToList();
        return new ListToolsResult
        {
            Tools = [.. page.Take(perPage)],
            NextCursor = page.Count > perPage ? EncodeCursor(page[perPage - 1].Name) : null,
            // Each caller has tools of their own: no shared cache may answer another caller with this list.
            CacheScope = CacheScope.Private,
        };
    }

    public static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var services = Services(request);
        var mediator = services.GetRequiredService<IMediator>();
        var caller = Caller(request);
        var name = request.Params?.Name;
        if (name == CatalogueSearch.Name)
        {
            return await CatalogueSearch.CallAsync(request.Params?.Arguments?.AsReadOnly(), mediator, ct);
        }

        var tool = (await services.GetRequiredService<CallerTools>().ForAsync(caller, mediator, ct)).Find(name)
            ?? throw new McpProtocolException(
                $"Unknown tool '{name}': it is not a tool of one of your live deployments (a stopped deployment's tools are gone). List the tools again.",
                McpErrorCode.InvalidParams);
        var metaNamespace = services.GetRequiredService<IOptions<McpEdgeOptions>>().Value.Namespace;
        var input = ToolSchemas.InputFrom(request.Params?.Arguments, tool.InputWrapped);
        var result = await mediator.Send(new InvokeDeployment(caller, tool.DeploymentId, tool.Capability, input), ct);
        return result.Match(
            invocation => ToolResults.Success(tool, invocation, metaNamespace),
            error => ToolResults.Refused(tool, error, metaNamespace));
    }

    /// <summary>
    /// Holds a `subscriptions/listen` stream open: acknowledges the tool-list notifications (the only ones this
    /// server has), then sends one each time the caller's deployments change, until the client goes or the
    /// service stops.
    /// </summary>
    public static async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> request, CancellationToken ct)
    {
        var services = Services(request);
        var wantsTools = request.Params?.Notifications?.ToolsListChanged == true;
        // Taken before the acknowledgement: a caller over the limit is refused, not acknowledged and dropped.
        using var listener = wantsTools
            ? services.GetRequiredService<ToolListChanges>().Listen(Caller(request)) ?? throw new McpProtocolException(
                $"You hold {ToolListChanges.MaxPerCaller} subscriptions open already; close one first.", McpErrorCode.InvalidRequest)
            : null;
        var acknowledged = new SubscriptionsAcknowledgedNotificationParams
        {
            Notifications = new SubscriptionsListenNotifications { ToolsListChanged = wantsTools ? true : null },
        };
        await request.Server.SendMessageAsync(new JsonRpcNotification
        {
            Method = NotificationMethods.SubscriptionsAcknowledgedNotification,
            Params = JsonSerializer.SerializeToNode(acknowledged, McpJsonUtilities.DefaultOptions),
        }, ct);
        if (listener is null)
        {
            return new EmptyResult();
        }

        using var open = CancellationTokenSource.CreateLinkedTokenSource(ct, services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var subscription = JsonSerializer.SerializeToNode(request.JsonRpcRequest.Id, McpJsonUtilities.DefaultOptions);
        try
        {
            while (await listener.NextAsync(open.Token))
            {
                await request.Server.SendMessageAsync(new JsonRpcNotification
                {
                    Method = NotificationMethods.ToolListChangedNotification,
                    Params = new JsonObject { ["_meta"] = new JsonObject { [MetaKeys.SubscriptionId] = subscription?.DeepClone() } },
                }, open.Token);
            }
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client closed the stream, or the service is stopping: the subscription ends.
        }

        return new EmptyResult();
    }

    /// <summary>The authenticated caller: the endpoint requires a user, by JWT or API key.</summary>
    private static Guid Caller<T>(RequestContext<T> request) =>
        request.User?.Identity?.IsAuthenticated == true
            ? request.User.GetUserId()
            : throw new McpProtocolException("The request is not authenticated.", McpErrorCode.InvalidRequest);

    private static IServiceProvider Services<T>(RequestContext<T> request) =>
        request.Services ?? throw new InvalidOperationException("The MCP request has no services.");

    private static string EncodeCursor(string toolName) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(toolName));

    private static string DecodeCursor(string cursor)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (FormatException)
        {
            throw new McpProtocolException("The cursor is not one this server issued; list the tools again without it.", McpErrorCode.InvalidParams);
        }
    }
}
