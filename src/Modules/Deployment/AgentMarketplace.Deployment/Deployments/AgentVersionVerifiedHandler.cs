using AgentMarketplace.Registry.Contracts;
using Mediator;

namespace AgentMarketplace.Deployment.Deployments;

/// <summary>
/// Keeps each agent's latest deployable version here, so deployments can show updateAvailable, and hands a
/// newly verified version to the auto-updater.
/// </summary>
internal sealed class AgentVersionVerifiedHandler(DeploymentManager deployments, AutoUpdater autoUpdater) : INotificationHandler<AgentVersionVerified>
{
    public async ValueTask Handle(AgentVersionVerified notification, CancellationToken cancellationToken)
    {
        await deployments.RememberLatestAsync(notification.AgentId, notification.LatestVersion, cancellationToken);
        if (notification.Verified)
        {
            autoUpdater.LookSoon(notification.AgentId);
        }
    }
}
