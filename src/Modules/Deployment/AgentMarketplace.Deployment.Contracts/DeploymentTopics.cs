namespace AgentMarketplace.Deployment.Contracts;

/// <summary>
/// What the Deployment module announces to every instance through the platform's cache invalidation
/// (PostgreSQL NOTIFY, <c>CacheInvalidation</c>), for caches kept outside the module.
/// </summary>
public static class DeploymentTopics
{
    /// <summary>
    /// Keyed by user id: one of the user's deployments was created, updated, rolled back or stopped, so what
    /// the user's live deployments offer may have changed. Announced after the change commits.
    /// </summary>
    public const string UserDeployments = "deployment.user";
}
