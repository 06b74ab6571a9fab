using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.Registry.Versions;
using FluentValidation;

namespace AgentMarketplace.Registry.A2A;

/// <summary>
/// An A2A Agent Card, as served at `/.well-known/agent-card.json`; the fields the import reads. A 1.0
/// card lists <see cref="SupportedInterfaces"/>; a 0.3 card has <see cref="Url"/> and <see cref="ProtocolVersion"/>.
/// </summary>
internal sealed record AgentCard(
    string? ProtocolVersion,
    string? Name,
    string? Description,
    string? Url,
    string? Version,
    AgentCardProvider? Provider,
    JsonObject? Capabilities,
    List<string>? DefaultInputModes,
    List<string>? DefaultOutputModes,
    List<AgentSkill>? Skills,
    List<AgentInterface>? SupportedInterfaces = null)
{
    public const string JsonRpcBinding = "JSONRPC";

    public bool IsV10Card => SupportedInterfaces is { Count: > 0 };

    /// <summary>The interface a 1.0 card is called at: the first (preferred) one on the JSON-RPC binding.</summary>
    public AgentInterface? JsonRpcInterface =>
        SupportedInterfaces?.FirstOrDefault(i => string.Equals(i?.ProtocolBinding, JsonRpcBinding, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A 1.0 card's `supportedInterfaces[]` entry: where, over which binding, in which A2A version.</summary>
internal sealed record AgentInterface(string? Url, string? ProtocolBinding, string? ProtocolVersion);

internal sealed record AgentCardProvider(string? Organization, string? Url);

internal sealed record AgentSkill(
    string? Id, string? Name, string? Description, List<string>? Tags, List<string>? Examples,
    List<string>? InputModes, List<string>? OutputModes);

/// <summary>The card's own required fields, named as the card names them.</summary>
internal sealed class AgentCardValidator : AbstractValidator<AgentCard>
{
    public AgentCardValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Description).NotEmpty().MaximumLength(5000);
        RuleFor(c => c.Url).NotEmpty().When(c => !c.IsV10Card).Custom((url, context) =>
        {
            if (url is not null && EndpointPolicy.CheckUrl(url, allowPrivate: true) is { } reason)
            {
                context.AddFailure($"'url' {reason}");
            }
        });
        RuleFor(c => c.SupportedInterfaces)
            .Must(_ => false).When(c => c.IsV10Card && c.JsonRpcInterface is null)
            .WithMessage($"'supportedInterfaces' must list an interface with protocolBinding \"{AgentCard.JsonRpcBinding}\": the platform speaks A2A over JSON-RPC.");
        RuleFor(c => c.JsonRpcInterface).ChildRules(jsonRpc =>
        {
            jsonRpc.RuleFor(i => i!.Url).NotEmpty().Custom((url, context) =>
            {
                if (url is not null && EndpointPolicy.CheckUrl(url, allowPrivate: true) is { } reason)
                {
                    context.AddFailure($"'url' {reason}");
                }
            });
            jsonRpc.RuleFor(i => i!.ProtocolVersion)
                .Must(v => AgentProtocols.SupportedA2AVersion(v) is not null)
                .WithMessage($"'protocolVersion' must be an A2A version the platform speaks: {string.Join(", ", AgentProtocols.A2AVersions)}.");
        }).OverridePropertyName("supportedInterfaces")
            .When(c => c.JsonRpcInterface is not null);
        RuleFor(c => c.Version).NotEmpty()
            .Must(v => v is null || SemanticVersion.TryParse(v, out _))
            .WithMessage("'version' must be a Semantic Versioning 2.0 version to be imported.");
        RuleFor(c => c.Skills).NotEmpty().WithMessage("'skills' must list at least one skill.");
        RuleForEach(c => c.Skills).NotNull().ChildRules(skill =>
        {
            skill.RuleFor(s => s.Id).NotEmpty().MaximumLength(64);
            skill.RuleFor(s => s.Name).NotEmpty().MaximumLength(200);
            skill.RuleFor(s => s.Description).NotEmpty().MaximumLength(2000);
        });
    }
}
