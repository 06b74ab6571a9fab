using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Operations.Persistence;
using AgentMarketplace.Registry.Contracts;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Npgsql;

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

        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.monthly_active_users AS m (month, user_id, days)
            SELECT date_trunc('month', day)::date, user_id, bit_or(1 << (extract(day FROM day)::int - 1))
              FROM unnest(@days, @users) AS called(day, user_id)
             GROUP BY 1, 2
             ORDER BY 1, 2
            ON CONFLICT (month, user_id) DO UPDATE SET days = m.days | excluded.days
            """,
            [
                new NpgsqlParameter("days", notification.Callers.Select(c => c.Day).ToArray()),
                new NpgsqlParameter("users", notification.Callers.Select(c => c.UserId).ToArray()),
            ], cancellationToken);
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
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.agent_owners (agent_id, publisher_id) VALUES (@agent, @publisher)
            ON CONFLICT (agent_id) DO UPDATE SET publisher_id = excluded.publisher_id
            """, [new NpgsqlParameter("agent", agentId), new NpgsqlParameter("publisher", publisherId)], ct);

    private Task AddTotalsAsync(DateOnly day, long newUsers, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.daily_totals AS t (day, new_users, invocations, errors, gross_cents, platform_fee_cents, net_cents)
            VALUES (@day, @newUsers, @invocations, @errors, @gross, @fee, @net)
            ON CONFLICT (day) DO UPDATE SET
                new_users = t.new_users + excluded.new_users, invocations = t.invocations + excluded.invocations,
                errors = t.errors + excluded.errors, gross_cents = t.gross_cents + excluded.gross_cents,
                platform_fee_cents = t.platform_fee_cents + excluded.platform_fee_cents, net_cents = t.net_cents + excluded.net_cents
            """,
            [
                new NpgsqlParameter("day", day), new NpgsqlParameter("newUsers", newUsers), new NpgsqlParameter("invocations", invocations),
                new NpgsqlParameter("errors", errors), new NpgsqlParameter("gross", gross), new NpgsqlParameter("fee", fee), new NpgsqlParameter("net", net),
            ], ct);

    private Task AddAgentAsync(DateOnly day, Guid agentId, long invocations, long errors, long gross, long fee, long net, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("""
            INSERT INTO operations.daily_agent_totals AS t (day, agent_id, invocations, errors, gross_cents, platform_fee_cents, net_cents)
            VALUES (@day, @agent, @invocations, @errors, @gross, @fee, @net)
            ON CONFLICT (day, agent_id) DO UPDATE SET
                invocations = t.invocations + excluded.invocations, errors = t.errors + excluded.errors,
                gross_cents = t.gross_cents + excluded.gross_cents, platform_fee_cents = t.platform_fee_cents + excluded.platform_fee_cents,
                net_cents = t.net_cents + excluded.net_cents
            """,
            [
                new NpgsqlParameter("day", day), new NpgsqlParameter("agent", agentId), new NpgsqlParameter("invocations", invocations),
                new NpgsqlParameter("errors", errors), new NpgsqlParameter("gross", gross), new NpgsqlParameter("fee", fee), new NpgsqlParameter("net", net),
            ], ct);
}
