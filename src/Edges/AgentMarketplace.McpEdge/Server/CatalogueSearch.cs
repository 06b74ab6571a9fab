using System.Text.Json;
using System.Text.Json.Nodes;
using AgentMarketplace.Marketplace.Contracts;
using Mediator;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// `marketplace_search`, the one tool every caller has: marketplace search (the REST route's filters, ranking and
/// typo tolerance) from inside an MCP client, so a model can find an agent before its user deploys it. Free and
/// not metered, like the route. Arguments are checked here, by name and type, before the search sees them.
/// </summary>
internal static class CatalogueSearch
{
    public const string Name = "marketplace_search";

    private const int MaxLimit = 20;
    private const int DefaultLimit = 10;

    public static Tool Definition { get; } = new()
    {
        Name = Name,
        Title = "Search Agent Marketplace",
        Description = "Finds published agents on Agent Marketplace by words (typos tolerated), category, tag, capability, pricing model, " +
            "highest price, lowest rating and lowest success rate measured from real calls; free and not metered. An agent found here " +
            "becomes tools of this server once you deploy it (POST /api/v1/deployments, or its page on the marketplace).",
        InputSchema = JsonSerializer.SerializeToElement(JsonNode.Parse($$"""
            {
              "type": "object",
              "properties": {
                "query": { "type": "string", "maxLength": 200, "description": "Words to look for in names, descriptions, tags and capabilities." },
                "category": { "type": "string", "maxLength": 64 },
                "tag": { "type": "string", "maxLength": 64 },
                "capability": { "type": "string", "maxLength": 64, "description": "A capability name the agent must have, e.g. summarize." },
                "pricingModel": { "type": "string", "enum": {{JsonArrayOf(PricingModels.All)}} },
                "maxPriceCents": { "type": "integer", "minimum": 0, "description": "The highest price per call or unit, in cents." },
                "minRating": { "type": "number", "minimum": 0, "maximum": 5 },
                "minSuccessRate": { "type": "number", "minimum": 0, "maximum": 1, "description": "The lowest share of calls that succeeded over the last 7 days, e.g. 0.99; agents with too few calls to measure are left out." },
                "verifiedOnly": { "type": "boolean" },
                "sort": { "type": "string", "enum": {{JsonArrayOf(SearchSorts.All)}} },
                "limit": { "type": "integer", "minimum": 1, "maximum": {{MaxLimit}}, "default": {{DefaultLimit}} }
              },
              "additionalProperties": false
            }
            """)),
        OutputSchema = JsonSerializer.SerializeToElement(JsonNode.Parse("""
            {
              "type": "object",
              "properties": {
                "items": { "type": "array", "items": { "type": "object" } },
                "total": { "type": "integer" }
              },
              "required": ["items", "total"]
            }
            """)),
        Annotations = new ToolAnnotations { ReadOnlyHint = true, OpenWorldHint = false, IdempotentHint = true },
    };

    /// <summary>The argument names, as the input schema declares them.</summary>
    private static readonly string[] Known = [.. Definition.InputSchema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    public static async Task<CallToolResult> CallAsync(IReadOnlyDictionary<string, JsonElement>? arguments, IMediator mediator, CancellationToken ct)
    {
        SearchMarketplace query;
        try
        {
            query = QueryFrom(arguments ?? new Dictionary<string, JsonElement>());
        }
        catch (ArgumentException e)
        {
            return Refused(e.Message);
        }

        var answer = await mediator.Send(query, ct);
        if (answer.Problem is { } problem)
        {
            return Refused(problem);
        }

        var structured = new JsonObject
        {
            ["items"] = new JsonArray([.. answer.Hits.Select(Item)]),
            ["total"] = answer.Total,
        };
        return new CallToolResult
        {
            StructuredContent = JsonSerializer.SerializeToElement(structured),
            Content = [new TextContentBlock { Text = structured.ToJsonString() }],
        };
    }

    private static SearchMarketplace QueryFrom(IReadOnlyDictionary<string, JsonElement> arguments)
    {
        if (arguments.Keys.FirstOrDefault(k => !Known.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new ArgumentException($"Unknown argument '{unknown}': the arguments are {string.Join(", ", Known)}.");
        }

        var limit = Integer(arguments, "limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw new ArgumentException($"'limit' must be between 1 and {MaxLimit}.");
        }

        return new SearchMarketplace(
            Text(arguments, "query"), Text(arguments, "category"), Text(arguments, "capability"), Text(arguments, "pricingModel"),
            Integer(arguments, "maxPriceCents"), Number(arguments, "minRating"), Boolean(arguments, "verifiedOnly"), Text(arguments, "sort"),
            (int)limit, Text(arguments, "tag"), Number(arguments, "minSuccessRate"));
    }

    private static string JsonArrayOf(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    private static JsonElement? Given(IReadOnlyDictionary<string, JsonElement> arguments, string name) =>
        arguments.TryGetValue(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? Text(IReadOnlyDictionary<string, JsonElement> arguments, string name) => Given(arguments, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => throw new ArgumentException($"'{name}' must be a string."),
    };

    private static long? Integer(IReadOnlyDictionary<string, JsonElement> arguments, string name) => Given(arguments, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        _ => throw new ArgumentException($"'{name}' must be an integer."),
    };

    private static double? Number(IReadOnlyDictionary<string, JsonElement> arguments, string name) => Given(arguments, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } value => value.GetDouble(),
        _ => throw new ArgumentException($"'{name}' must be a number."),
    };

    private static bool? Boolean(IReadOnlyDictionary<string, JsonElement> arguments, string name) => Given(arguments, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new ArgumentException($"'{name}' must be true or false."),
    };

    private static JsonObject Item(MarketplaceSearchHit hit) => new()
    {
        ["agentId"] = hit.AgentId,
        ["slug"] = hit.Slug,
        ["name"] = hit.Name,
        ["summary"] = hit.Summary,
        ["categories"] = new JsonArray([.. hit.Categories.Select(c => JsonValue.Create(c))]),
        ["rating"] = new JsonObject { ["average"] = hit.RatingAverage, ["count"] = hit.RatingCount },
        ["pricing"] = JsonSerializer.SerializeToNode(hit.Pricing, JsonSerializerOptions.Web),
        ["verified"] = hit.Verified,
        ["latestVersion"] = hit.LatestVersion,
        ["successRate"] = hit.SuccessRate,
    };

    private static CallToolResult Refused(string problem) => new()
    {
        IsError = true,
        Content = [new TextContentBlock { Text = $"Invalid search (HTTP 400): {problem}" }],
    };
}
