using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Deployments;
using FluentValidation;
using Mediator;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// The gateway for callers outside the module (the marketplace's MCP endpoint): the invoke route's request
/// rules, then <see cref="InvocationGateway"/> itself, so a call is admitted, metered and recorded exactly as
/// one through `POST …/invoke`.
/// </summary>
internal sealed class InvokeDeploymentHandler(InvocationGateway gateway, IValidator<InvokeRequest> rules)
    : ICommandHandler<InvokeDeployment, Result<DeploymentInvocation>>
{
    public async ValueTask<Result<DeploymentInvocation>> Handle(InvokeDeployment command, CancellationToken cancellationToken)
    {
        var request = new InvokeRequest(command.Capability, command.Input);
        var validation = await rules.ValidateAsync(request, cancellationToken);
        if (!validation.IsValid)
        {
            var broken = validation.Errors[0];
            return DomainError.Invalid(broken.PropertyName, broken.ErrorMessage);
        }

        var result = await gateway.InvokeAsync(command.UserId, command.DeploymentId, request, cancellationToken);
        return result.Match<Result<DeploymentInvocation>>(
            answer => new DeploymentInvocation(answer.Output, answer.Usage.Units, answer.Usage.ClaimedUnits, answer.LatencyMs),
            error => error);
    }
}
