using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Deployment.Persistence;
using FluentValidation;

namespace AgentMarketplace.Deployment.Deployments;

internal sealed record CreateDeploymentRequest(Guid? AgentId, string? Version, string? Environment, JsonObject? Config, string? AutoUpdate = null);

internal sealed record UpdateDeploymentRequest(string? Version, JsonObject? Config);

/// <summary>`PATCH /api/v1/deployments/{id}`: the settings a deployment keeps across revisions.</summary>
internal sealed record ChangeDeploymentRequest(string? AutoUpdate);

internal sealed record InvokeRequest(string? Capability, JsonNode? Input);

internal static partial class DeploymentRules
{
    public const int MaxConfigEntries = 50;
    public const int MaxConfigValueLength = 4096;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$")]
    public static partial Regex Environment();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]
    public static partial Regex ConfigKey();

    /// <summary>Reads `"KEY": "value"` or `"KEY": {"value": "...", "secret": true}`; null with a reason when malformed.</summary>
    public static Dictionary<string, ConfigValue>? ParseConfig(JsonObject? config, out string? error)
    {
        error = null;
        var parsed = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        foreach (var (key, node) in config ?? [])
        {
            if (!ConfigKey().IsMatch(key))
            {
                error = $"Config key '{Shorten(key)}' must be 1–64 letters, digits, '_', '.' or '-', starting with a letter or '_'.";
                return null;
            }

            var value = node switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => new ConfigValue(v.GetValue<string>(), false),
                JsonObject o when o["value"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                    && (o["secret"] is null || o["secret"]!.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
                    && o.Count <= 2 => new ConfigValue(v.GetValue<string>(), o["secret"]?.GetValue<bool>() ?? false),
                _ => null,
            };
            if (value is null)
            {
                error = $"Config '{key}' must be a string or {{\"value\": string, \"secret\": bool}}.";
                return null;
            }

            if (value.Value.Length > MaxConfigValueLength)
            {
                error = $"Config '{key}' is longer than {MaxConfigValueLength} characters.";
                return null;
            }

            if (StorableJson.TextProblem(value.Value) is { } problem)
            {
                error = $"Config '{key}' {problem}";
                return null;
            }

            parsed[key] = value;
        }

        return parsed;
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

internal sealed class CreateDeploymentRequestValidator : AbstractValidator<CreateDeploymentRequest>
{
    public CreateDeploymentRequestValidator()
    {
        RuleFor(r => r.AgentId).NotEmpty();
        RuleFor(r => r.Version).MaximumLength(128);
        RuleFor(r => r.Environment).NotEmpty()
            .Must(e => e is null || DeploymentRules.Environment().IsMatch(e))
            .WithMessage("'environment' is 1–32 lowercase letters, digits or dashes (e.g. development, staging, production).");
        RuleFor(r => r.Config).Custom(ConfigRule);
        AutoUpdateMode(RuleFor(r => r.AutoUpdate));
    }

    public static IRuleBuilderOptions<T, string?> AutoUpdateMode<T>(IRuleBuilder<T, string?> rule) =>
        rule.Must(m => m is null || AutoUpdateModes.All.Contains(m))
            .WithMessage($"'autoUpdate' must be one of: {string.Join(", ", AutoUpdateModes.All)}.");

    public static void ConfigRule<T>(JsonObject? config, ValidationContext<T> context)
    {
        if (config is not null && config.Count > DeploymentRules.MaxConfigEntries)
        {
            context.AddFailure($"At most {DeploymentRules.MaxConfigEntries} config entries.");
        }
        else if (DeploymentRules.ParseConfig(config, out var error) is null)
        {
            context.AddFailure(error!);
        }
    }
}

internal sealed class UpdateDeploymentRequestValidator : AbstractValidator<UpdateDeploymentRequest>
{
    public UpdateDeploymentRequestValidator()
    {
        RuleFor(r => r.Version).MaximumLength(128);
        RuleFor(r => r.Config).Custom(CreateDeploymentRequestValidator.ConfigRule);
    }
}

internal sealed class InvokeRequestValidator : AbstractValidator<InvokeRequest>
{
    public InvokeRequestValidator()
    {
        RuleFor(r => r.Capability).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Input).Storable();
    }
}

internal sealed class ChangeDeploymentRequestValidator : AbstractValidator<ChangeDeploymentRequest>
{
    public ChangeDeploymentRequestValidator()
    {
        CreateDeploymentRequestValidator.AutoUpdateMode(RuleFor(r => r.AutoUpdate).NotEmpty());
    }
}
