using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Marketplace.Persistence;
using AgentMarketplace.Registry.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Catalog;

/// <summary>
/// Keeps listings' search fields current from other modules' notifications: the Registry's catalog
/// changes, Deployment's deployment and invocation counters (popularity) and its versions' reliability.
/// </summary>
internal sealed class CatalogSubscriber(MarketplaceDbContext db, ActivityCounter activity, ReliabilityCopy reliability) :
    INotificationHandler<AgentCatalogChanged>,
    INotificationHandler<DeploymentCreated>,
    INotificationHandler<AgentInvocationsRecorded>,
    INotificationHandler<AgentVersionReliabilityChanged>
{
    public async ValueTask Handle(AgentCatalogChanged notification, CancellationToken cancellationToken)
    {
        var agent = notification.Agent;
        var copy = new Listing { AgentSlug = agent.Slug };
        CatalogCopy.Apply(copy, agent, notification.ChangedAt);
        // An older snapshot arriving late must not overwrite a newer one.
        await db.Listings
            .Where(l => l.AgentId == agent.AgentId && l.CatalogChangedAt <= notification.ChangedAt)
            .ExecuteUpdateAsync(set => set
                .SetProperty(l => l.Name, copy.Name)
                .SetProperty(l => l.Summary, copy.Summary)
                .SetProperty(l => l.Categories, copy.Categories)
                .SetProperty(l => l.Tags, copy.Tags)
                .SetProperty(l => l.Capabilities, copy.Capabilities)
                .SetProperty(l => l.Keywords, copy.Keywords)
                .SetProperty(l => l.LatestVersion, copy.LatestVersion)
                .SetProperty(l => l.Verified, copy.Verified)
                .SetProperty(l => l.CatalogChangedAt, copy.CatalogChangedAt), cancellationToken);
        // The latest version may be another one now, with other figures (or none yet).
        await reliability.RefreshListingsAsync([agent.AgentId], cancellationToken);
    }

    public async ValueTask Handle(AgentVersionReliabilityChanged notification, CancellationToken cancellationToken) =>
        await reliability.StoreAsync(notification.Versions, notification.ComputedAt, cancellationToken);

    public async ValueTask Handle(DeploymentCreated notification, CancellationToken cancellationToken) =>
        await activity.AddAsync(
            [new ActivityCount(notification.AgentId, DateOnly.FromDateTime(notification.CreatedAt.UtcDateTime), 1, 0)], cancellationToken);

    public async ValueTask Handle(AgentInvocationsRecorded notification, CancellationToken cancellationToken) =>
        await activity.AddAsync(
            notification.Counts.Select(c => new ActivityCount(c.AgentId, c.Day, 0, c.Invocations)).ToList(), cancellationToken);
}
