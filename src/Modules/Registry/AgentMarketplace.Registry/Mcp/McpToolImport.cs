using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Registry.Agents;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry.Mcp;

/// <summary>
/// Completes an `mcp` version from the server itself: `initialize` (through the SDK's handshake) and
/// `tools/list` within the verification timeout, one capability per tool with the tool's name,
/// description, inputSchema and outputSchema (none: any output). The body may name tools to give them
/// examples (else the inputSchema's own `examples` that satisfy it are used); schemas it does give must
/// equal the tool's. The completed version then passes the same rules as any other, so every tool schema
/// goes through <see cref="JsonSchemas.CheckSchema"/> and its bounds.
/// </summary>
internal sealed partial class McpToolImport(
    [FromKeyedServices(RegistryModule.AgentHttpClient)] AgentClient agents,
    IOptions<RegistryOptions> options,
    IOptions<SchemaLimits> schemaLimits,
    IValidator<PublishVersionRequest> versionRules)
{
    /// <summary>What a tool without an outputSchema may answer: anything.</summary>
    private static readonly JsonObject AnyOutput = new();

    public async Task<Result<PublishVersionRequest>> ResolveAsync(PublishVersionRequest request, CancellationToken ct)
    {
        var settings = options.Value;
        var listing = await agents.ListMcpToolsAsync(request.EndpointUrl!,
            TimeSpan.FromSeconds(settings.VerificationTimeoutSeconds), settings.MaxResponseBytes, ct);
        if (listing.Tools is not { } tools)
        {
            return DomainError.Invalid("endpointUrl", $"'endpointUrl' is not an MCP server the platform can use: {listing.Error}");
        }

        if (tools.Count == 0)
        {
            return DomainError.Invalid("endpointUrl", "'endpointUrl' is an MCP server whose tools/list is empty: it has no tools to offer as capabilities.");
        }

        if (tools.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return DomainError.Invalid("endpointUrl", $"'endpointUrl' is an MCP server that lists the tool '{twice.Key}' more than once.");
        }

        var given = request.Capabilities ?? [];
        for (var i = 0; i < given.Count; i++)
        {
            if (Mismatch(given[i], tools, i) is { } mismatch)
            {
                return mismatch;
            }
        }

        var resolved = request with
        {
            Capabilities = tools.Select(tool =>
            {
                var declared = given.FirstOrDefault(c => c.Name == tool.Name);
                return new CapabilityRequest(
                    tool.Name,
                    declared?.Description ?? tool.Description ?? tool.Title ?? tool.Name,
                    tool.InputSchema.DeepClone(),
                    (tool.OutputSchema ?? AnyOutput).DeepClone(),
                    declared?.Examples ?? SchemaExamples(tool.InputSchema, schemaLimits.Value));
            }).ToList(),
        };

        var errors = (await versionRules.ValidateAsync(resolved, ct)).Errors;
        if (errors.FirstOrDefault() is { } error)
        {
            var tool = CapabilityIndex().Match(error.PropertyName) is { Success: true } match
                ? resolved.Capabilities[int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)].Name
                : null;
            return DomainError.Invalid(error.PropertyName,
                tool is null ? error.ErrorMessage : $"Tool '{tool}': {error.ErrorMessage}");
        }

        return resolved;
    }

    private static DomainError? Mismatch(CapabilityRequest declared, IReadOnlyList<McpToolDefinition> tools, int index)
    {
        var tool = tools.FirstOrDefault(t => t.Name == declared.Name);
        if (tool is null)
        {
            return DomainError.Invalid($"capabilities[{index}].name",
                $"The MCP server has no tool '{declared.Name}'. Its tools are: {string.Join(", ", tools.Select(t => t.Name).Take(50))}.");
        }

        if (declared.InputSchema is not null && !JsonNode.DeepEquals(declared.InputSchema, tool.InputSchema))
        {
            return DomainError.Invalid($"capabilities[{index}].inputSchema",
                $"'inputSchema' must equal the inputSchema of the tool '{tool.Name}' as tools/list gives it, or be left out.");
        }

        return declared.OutputSchema is not null && !JsonNode.DeepEquals(declared.OutputSchema, tool.OutputSchema ?? AnyOutput)
            ? DomainError.Invalid($"capabilities[{index}].outputSchema",
                $"'outputSchema' must equal the outputSchema of the tool '{tool.Name}' as tools/list gives it ({{}} when it has none), or be left out.")
            : null;
    }

    /// <summary>The JSON Schema `examples` of a usable inputSchema that satisfy it: example inputs the server vouches for.</summary>
    private static List<ExampleRequest> SchemaExamples(JsonNode inputSchema, SchemaLimits limits)
    {
        if (JsonSchemas.CheckSchema(inputSchema, limits) is not null || (inputSchema as JsonObject)?["examples"] is not JsonArray examples)
        {
            return [];
        }

        var compiled = new CompiledSchema(inputSchema.ToJsonString(), limits);
        return examples.OfType<JsonObject>()
            .Where(example => compiled.Check(example) is null)
            .Take(AgentRules.MaxExamples)
            .Select(example => new ExampleRequest(example.DeepClone(), null))
            .ToList();
    }

    [GeneratedRegex(@"^capabilities\[(\d+)\]")]
    private static partial Regex CapabilityIndex();
}
