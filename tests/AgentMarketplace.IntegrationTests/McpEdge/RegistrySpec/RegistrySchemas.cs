using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace AgentMarketplace.IntegrationTests.McpEdge.RegistrySpec;

/// <summary>The MCP Registry's published document schemas (vendored beside this file), as JsonSchema.Net checks them.</summary>
public static class RegistrySchemas
{
    private static readonly string Vendored = File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "McpEdge", "RegistrySpec", "server-registry-openapi.schemas.json"));

    /// <summary>Asserts that <paramref name="document"/> is a valid instance of the registry's <paramref name="definition"/> (ServerList, ServerResponse).</summary>
    public static void AssertValid(string definition, JsonElement document)
    {
        var root = JsonNode.Parse(Vendored)!.AsObject();
        root["$id"] = $"{root["$id"]!.GetValue<string>()}:{definition}";
        root["$ref"] = $"#/$defs/{definition}";
        var schema = JsonSchema.FromText(root.ToJsonString());

        var result = schema.Evaluate(JsonNode.Parse(document.GetRawText()),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
        Assert.True(result.IsValid, $"Not a valid {definition}: {string.Join("; ", errors)}\n{document}");
    }

    /// <summary>The check above must be able to fail: a description over the registry's 100 characters.</summary>
    public static JsonElement WithTooLongDescription(JsonElement serverResponse)
    {
        var broken = JsonNode.Parse(serverResponse.GetRawText())!;
        broken["server"]!["description"] = new string('x', 101);
        return JsonDocument.Parse(broken.ToJsonString()).RootElement;
    }
}
