using System.Text.Json.Nodes;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.Registry.Versions;
using FluentValidation;

namespace AgentMarketplace.Registry.A2A;

/// <summary>An A2A Agent Card, as served at `/.well-known/agent-card.json`; the fields the import reads.</summary>
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
    List<AgentSkill>? Skills);

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
        RuleFor(c => c.Url).NotEmpty().Custom((url, context) =>
        {
            if (url is not null && EndpointPolicy.CheckUrl(url, allowPrivate: true) is { } reason)
            {
                context.AddFailure($"'url' {reason}");
            }
        });
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
