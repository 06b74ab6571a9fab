using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Registry.Versions;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Registry.Agents;

// Request bodies declare only what a publisher may set: `id`, `ownerId` or `status` bind to nothing.

internal sealed record CreateAgentRequest(string? Slug, string? Name, string? Description, List<string>? Categories, List<string>? Tags);

/// <summary>Only the fields present change. The slug is the agent's permanent address and cannot.</summary>
internal sealed record UpdateAgentRequest(string? Slug, string? Name, string? Description, List<string>? Categories, List<string>? Tags);

internal sealed record ExampleRequest(JsonNode? Input, JsonNode? ExpectedOutput);

internal sealed record CapabilityRequest(
    string? Name, string? Description, JsonNode? InputSchema, JsonNode? OutputSchema, List<ExampleRequest>? Examples);

/// <summary>
/// A version to publish. For `mcp` the capabilities may be left out or name tools with their examples:
/// the rest comes from the server's `tools/list` (<see cref="Mcp.McpToolImport"/>).
/// </summary>
internal sealed record PublishVersionRequest(
    string? Version, string? EndpointUrl, [property: OneOf(typeof(AgentProtocols))] string? Protocol, string? Changelog,
    List<CapabilityRequest>? Capabilities, [property: OneOf(typeof(AgentProtocols), nameof(AgentProtocols.A2AVersions))] string? ProtocolVersion = null);

internal sealed record DeprecateRequest(string? Reason);

internal static partial class AgentRules
{
    public const int MaxCategories = 5;
    public const int MaxTags = 20;
    public const int MaxCapabilities = 50;
    public const int MaxExamples = 20;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$")]
    public static partial Regex Slug();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    public static partial Regex Tag();

    /// <summary>Capability names double as A2A skill ids, which may use upper case and dots.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    public static partial Regex CapabilityName();

    public static void Categories<T>(IRuleBuilder<T, List<string>?> rule, IReadOnlyList<string> allowed) =>
        rule.Must(c => c is null || c.Count <= MaxCategories).WithMessage($"At most {MaxCategories} categories.")
            .ForEach(category => category
                .Must(allowed.Contains).WithMessage($"Each category must be one of: {string.Join(", ", allowed)}."));

    public static void Tags<T>(IRuleBuilder<T, List<string>?> rule) =>
        rule.Must(t => t is null || t.Count <= MaxTags).WithMessage($"At most {MaxTags} tags.")
            .ForEach(tag => tag
                .Must(t => t is not null && Tag().IsMatch(t))
                .WithMessage("Each tag is 1–32 lowercase letters, digits or dashes."));
}

internal sealed class CreateAgentRequestValidator : AbstractValidator<CreateAgentRequest>
{
    public CreateAgentRequestValidator(IOptions<RegistryOptions> options)
    {
        RuleFor(r => r.Slug).NotEmpty().MaximumLength(64)
            .Must(s => s is null || AgentRules.Slug().IsMatch(s))
            .WithMessage("'slug' is 3–64 lowercase letters, digits or dashes, starting and ending with a letter or digit.");
        RuleFor(r => r.Name).DisplayText(100);
        RuleFor(r => r.Description).NotEmpty().ProseText(5000);
        RuleFor(r => r.Categories).NotEmpty();
        AgentRules.Categories(RuleFor(r => r.Categories), options.Value.EffectiveCategories);
        AgentRules.Tags(RuleFor(r => r.Tags));
    }
}

internal sealed class UpdateAgentRequestValidator : AbstractValidator<UpdateAgentRequest>
{
    public UpdateAgentRequestValidator(IOptions<RegistryOptions> options)
    {
        RuleFor(r => r.Slug).Null().WithMessage("'slug' cannot be changed: it is the agent's permanent address.");
        RuleFor(r => r.Name).DisplayText(100).When(r => r.Name is not null);
        RuleFor(r => r.Description).NotEmpty().ProseText(5000).When(r => r.Description is not null);
        RuleFor(r => r.Categories).NotEmpty().When(r => r.Categories is not null);
        AgentRules.Categories(RuleFor(r => r.Categories), options.Value.EffectiveCategories);
        AgentRules.Tags(RuleFor(r => r.Tags));
    }
}

internal sealed class PublishVersionRequestValidator : AbstractValidator<PublishVersionRequest>
{
    public PublishVersionRequestValidator(IOptions<SchemaLimits> schemaLimits)
    {
        var limits = schemaLimits.Value;
        RuleFor(r => r.Version).NotEmpty().MaximumLength(128)
            .Must(v => v is null || SemanticVersion.TryParse(v, out _))
            .WithMessage("'version' must be a Semantic Versioning 2.0 version, such as 1.4.0 or 2.0.0-beta.1.");
        RuleFor(r => r.EndpointUrl).NotEmpty().MaximumLength(2048)
            .Custom((url, context) =>
            {
                // The address check against private networks needs DNS and the module's setting: AgentRegistry does it.
                if (url is not null && EndpointPolicy.CheckUrl(url, allowPrivate: true) is { } reason)
                {
                    context.AddFailure($"'endpointUrl' {reason}");
                }
            });
        RuleFor(r => r.Protocol).NotEmpty()
            .Must(p => p is null || AgentProtocols.All.Contains(p))
            .WithMessage($"'protocol' must be one of: {string.Join(", ", AgentProtocols.All)}.");
        RuleFor(r => r.ProtocolVersion)
            .Must(v => v is null || AgentProtocols.A2AVersions.Contains(v))
            .WithMessage($"'protocolVersion' must be one of: {string.Join(", ", AgentProtocols.A2AVersions)} (default {AgentProtocols.A2AV03}).")
            .When(r => r.Protocol == AgentProtocols.A2A);
        RuleFor(r => r.ProtocolVersion).Null().WithMessage("'protocolVersion' applies to a2a versions only.")
            .When(r => r.Protocol != AgentProtocols.A2A);
        RuleFor(r => r.Changelog).ProseText(10_000);
        // An MCP server's tools are its capabilities: the body may leave them out.
        RuleFor(r => r.Capabilities).NotEmpty().When(r => r.Protocol != AgentProtocols.Mcp);
        RuleFor(r => r.Capabilities)
            .Must(c => c is null || c.Count <= AgentRules.MaxCapabilities).WithMessage($"At most {AgentRules.MaxCapabilities} capabilities.")
            .Must(c => c is null || c.Select(x => x?.Name).Distinct().Count() == c.Count).WithMessage("Capability names must be unique.")
            .Must(c => c is null || SchemaBytes(c) <= limits.MaxVersionSchemaBytes)
            .WithMessage($"The capabilities' schemas together may be at most {limits.MaxVersionSchemaBytes / 1024} KB.");
        var complete = new CapabilityRequestValidator(limits, complete: true);
        var toolExamples = new CapabilityRequestValidator(limits, complete: false);
        RuleForEach(r => r.Capabilities).NotNull().SetValidator(r => r.Protocol == AgentProtocols.Mcp ? toolExamples : complete);
    }

    private static long SchemaBytes(List<CapabilityRequest> capabilities) => capabilities.Sum(c =>
        (long)System.Text.Encoding.UTF8.GetByteCount(c?.InputSchema?.ToJsonString() ?? "")
        + System.Text.Encoding.UTF8.GetByteCount(c?.OutputSchema?.ToJsonString() ?? ""));
}

/// <summary>
/// A capability as declared: complete, every field required; or, for `mcp` bodies, which may give just a
/// tool's name and examples, only what is given (checked the same way).
/// </summary>
internal sealed class CapabilityRequestValidator : AbstractValidator<CapabilityRequest>
{
    public CapabilityRequestValidator(SchemaLimits limits, bool complete)
    {
        RuleFor(c => c.Name).NotEmpty()
            .Must(n => n is null || AgentRules.CapabilityName().IsMatch(n))
            .WithMessage("'name' is 1–64 letters, digits, dots, underscores or dashes.");
        RuleFor(c => c.Description).NotEmpty().When(_ => complete);
        RuleFor(c => c.Description).ProseText(2000);
        RuleFor(c => c.InputSchema).Storable().Custom((schema, context) => SchemaRule(schema, limits, context, complete));
        RuleFor(c => c.OutputSchema).Storable().Custom((schema, context) => SchemaRule(schema, limits, context, complete));
        RuleFor(c => c.Examples)
            .Must(e => e is null || e.Count <= AgentRules.MaxExamples).WithMessage($"At most {AgentRules.MaxExamples} examples.");
        RuleForEach(c => c.Examples).NotNull().ChildRules(example =>
        {
            example.RuleFor(e => e.Input).Storable();
            example.RuleFor(e => e.ExpectedOutput).Storable();
        });
        RuleForEach(c => c.Examples).Custom((example, context) =>
        {
            var capability = context.InstanceToValidate;
            if (example is null || Checked(capability.InputSchema, limits, context) is not { } input
                || Checked(capability.OutputSchema, limits, context) is not { } output
                || StorableJson.Problem(example.Input) is not null || StorableJson.Problem(example.ExpectedOutput) is not null)
            {
                return; // Those errors are reported on their own fields.
            }

            if (input.Check(example.Input) is { } inputError)
            {
                context.AddFailure("input", $"The example input breaks inputSchema: {inputError}");
            }

            if (example.ExpectedOutput is not null && output.Check(example.ExpectedOutput) is { } outputError)
            {
                context.AddFailure("expectedOutput", $"The expected output breaks outputSchema: {outputError}");
            }
        });
    }

    private static void SchemaRule(JsonNode? schema, SchemaLimits limits, ValidationContext<CapabilityRequest> context, bool required)
    {
        if (schema is null)
        {
            if (required)
            {
                context.AddFailure($"'{context.DisplayName}' is required.");
            }
        }
        else if (Check(schema, limits, context).Problem is { } reason)
        {
            context.AddFailure($"'{context.DisplayName}' {reason}");
        }
    }

    /// <summary>The schema compiled, when it is usable and storable (else null).</summary>
    private static CompiledSchema? Checked(JsonNode? schema, SchemaLimits limits, IValidationContext context) =>
        schema is not null && StorableJson.Problem(schema) is null ? Check(schema, limits, context).Compiled : null;

    /// <summary>
    /// Each schema is checked once per validation, however many examples use it: checking is the costly
    /// part of a publish (the meta-schema and the bounds), and a body may carry many examples.
    /// </summary>
    private static (string? Problem, CompiledSchema? Compiled) Check(JsonNode schema, SchemaLimits limits, IValidationContext context)
    {
        const string Key = "checked-schemas";
        if (!context.RootContextData.TryGetValue(Key, out var found))
        {
            context.RootContextData[Key] = found = new Dictionary<JsonNode, (string?, CompiledSchema?)>(ReferenceEqualityComparer.Instance);
        }

        var results = (Dictionary<JsonNode, (string? Problem, CompiledSchema? Compiled)>)found;
        if (!results.TryGetValue(schema, out var result))
        {
            var problem = JsonSchemas.CheckSchema(schema, limits);
            results[schema] = result = (problem, problem is null ? new CompiledSchema(schema.ToJsonString(), limits) : null);
        }

        return result;
    }
}

internal sealed class DeprecateRequestValidator : AbstractValidator<DeprecateRequest>
{
    public DeprecateRequestValidator() => RuleFor(r => r.Reason).DisplayText(1000);
}
