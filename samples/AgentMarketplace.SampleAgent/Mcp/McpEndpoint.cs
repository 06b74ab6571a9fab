using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.SampleAgent.Faults;
using AgentMarketplace.SampleAgent.Skills;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentMarketplace.SampleAgent.Mcp;

/// <summary>
/// <c>/mcp</c>: the skills as MCP tools over Streamable HTTP (the official SDK's <c>MapMcp</c>, stateless,
/// so a call is one request). A tool is named by the skill id and declares the skill's input and output
/// schemas; its input schema also lists the skill's example inputs as JSON Schema <c>examples</c>, which is
/// where a marketplace finds inputs to verify it with. A call answers <c>structuredContent</c>, the same
/// JSON as text, and the units in <c>_meta.usage</c>; a refused input is an <c>isError</c> result. The
/// fault switches apply: <c>delayMs</c> holds back each <c>tools/call</c>, a broken capability breaks its schema.
/// </summary>
internal static class McpEndpoint
{
    public const string Path = "/mcp";

    public static void AddSkillTools(this IServiceCollection services)
    {
        services.AddMcpServer()
            .WithHttpTransport()
            .WithListToolsHandler(ListToolsAsync)
            .WithCallToolHandler(CallToolAsync);
        services.AddOptions<McpServerOptions>().Configure<IOptions<AgentOptions>>((server, agent) =>
            server.ServerInfo = new Implementation { Name = "sample-text-agent", Title = "Sample Text Agent", Version = agent.Value.Version });
    }

    public static void MapSkillTools(this IEndpointRouteBuilder routes) => routes.MapMcp(Path);

    public static Tool ToolFor(ISkill skill)
    {
        var inputSchema = skill.InputSchema;
        inputSchema["examples"] = new JsonArray([.. skill.Examples.Select(example => (JsonNode)example.Input.DeepClone())]);
        return new Tool
        {
            Name = skill.Id,
            Title = skill.Name,
            Description = skill.Description,
            InputSchema = JsonSerializer.SerializeToElement(inputSchema),
            OutputSchema = JsonSerializer.SerializeToElement(skill.OutputSchema),
        };
    }

    private static ValueTask<ListToolsResult> ListToolsAsync(RequestContext<ListToolsRequestParams> request, CancellationToken ct) =>
        ValueTask.FromResult(new ListToolsResult { Tools = [.. SkillCatalog.All.Select(ToolFor)] });

    private static async ValueTask<CallToolResult> CallToolAsync(RequestContext<CallToolRequestParams> request, CancellationToken ct)
    {
        var services = request.Services ?? throw new InvalidOperationException("The MCP request has no services.");
        var delayMs = services.GetRequiredService<FaultSwitches>().Current.DelayMs;
        if (delayMs > 0)
        {
            await Task.Delay(delayMs, ct);
        }

        var name = request.Params?.Name ?? "";
        if (SkillCatalog.Find(name) is null)
        {
            throw new McpProtocolException($"Unknown tool '{name}'. This server offers: {string.Join(", ", SkillCatalog.Ids)}.", McpErrorCode.InvalidParams);
        }

        var arguments = request.Params?.Arguments is { } given
            ? new JsonObject(given.Select(argument => KeyValuePair.Create(argument.Key, JsonSerializer.SerializeToNode(argument.Value))))
            : null;
        var result = services.GetRequiredService<SkillInvoker>().Invoke(name, arguments);
        if (!result.Succeeded)
        {
            return new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = result.Error }] };
        }

        return new CallToolResult
        {
            StructuredContent = JsonSerializer.SerializeToElement(result.Output),
            Content = [new TextContentBlock { Text = result.Output.ToJsonString() }],
            Meta = new JsonObject { ["usage"] = new JsonObject { ["units"] = result.Units } },
        };
    }
}
