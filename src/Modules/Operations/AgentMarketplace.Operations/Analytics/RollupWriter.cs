using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Operations.Persistence;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Operations.Analytics;

/// <summary>
/// Daily roll-ups, moved incrementally by other modules' notifications (one upsert per notification),
/// so analytics read a few rows per day however many millions of calls there were.
/// </summary>
internal sealed class RollupWriter(OperationsDbContext db) :
    INotificationHandler<UserRegistered>,
    INotificationHandler<AgentInvocationsRecorded>,
    INotificationHandler<InvoicePaid>,
    INotificationHandler<AgentCatalogChanged>
{
    public async ValueTask Handle(UserRegistered notification, CancellationToken cancellationToken) =>
        await AddTotalsAsync(DateOnly.FromDateTime(notification.At.UtcDateTime), newUsers: 1, 0, 0, 0, 0, 0, cancellationToken);

    public async ValueTask Handle(AgentInvocationsRecorded notification, CancellationToken cancellationToken)
    {
        foreach (var day in notification.Counts.GroupBy(c => c.Day).OrderBy(g => g.Key))
        {
            await AddTotalsAsync(day.Key, 0, day.Sum(c => c.Invocations), day.Sum(c => c.Errors), 0, 0, 0, cancellationToken);
        }

        foreach (var count in notification.Counts.OrderBy(c => c.Day).ThenBy(c => c.AgentId))
        {
            await AddAgentAsync(count.Day, count.AgentId, count.Invocations, count.Errors, 0, 0, 0, cancellationToken);
        }

        await RollupStatements.AddActiveDaysAsync(db, notification.Callers.Select(c => (c.Day, c.UserId)).ToList(), cancellationToken);
    }

    public async ValueTask Handle(InvoicePaid notification, CancellationToken cancellationToken)
    {
        var day = DateOnly.FromDateTime(notification.PaidAt.UtcDateTime);
        await AddTotalsAsync(day, 0, 0, 0, notification.Shares.Sum(s => s.GrossCents), notification.Shares.Sum(s => s.PlatformFeeCents),
            notification.Shares.Sum(s => s.NetCents), cancellationToken);
        foreach (var share in notification.Shares.OrderBy(s => s.AgentId))
        {
            await RememberOwnerAsync(share.AgentId, share.PublisherId, cancellationToken);
            await AddAgentAsync(day, share.AgentId, 0, 0, share.GrossCents, share.PlatformFeeCents, share.NetCents, cancellationToken);
        }
    }

    public async ValueTask Handle(AgentCatalogChanged notification, CancellationToken cancellationToken) =>
        await RememberOwnerAsync(notification.Agent.AgentId, notification.Agent.OwnerId, cancellationToken);

    private Task RememberOwnerAsync(Guid agentId, Guid publisherId, CancellationToken ct) =>
        RollupStatements.RememberOwnerAsync(db, agentId, publisherId, ct);

    private Task AddTotalsAsync(DateOnly day, long newUsers, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        RollupStatements.AddTotalsAsync(db, day, newUsers, invocations, errors, gross, fee, net, ct);

    private Task AddAgentAsync(DateOnly day, Guid agentId, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        RollupStatements.AddAgentAsync(db, day, agentId, invocations, errors, gross, fee, net, ct);
}
