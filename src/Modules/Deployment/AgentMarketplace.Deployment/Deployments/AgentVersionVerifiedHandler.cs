using AgentMarketplace.Registry.Contracts;
using Mediator;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>Keeps each agent's latest deployable version here, so deployments can show updateAvailable.</summary>
internal sealed class AgentVersionVerifiedHandler(DeploymentManager deployments) : INotificationHandler<AgentVersionVerified>
{
    public async ValueTask Handle(AgentVersionVerified notification, CancellationToken cancellationToken) =>
        await deployments.RememberLatestAsync(notification.AgentId, notification.LatestVersion, cancellationToken);
}
