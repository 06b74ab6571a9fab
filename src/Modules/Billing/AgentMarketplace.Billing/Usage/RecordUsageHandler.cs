using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Billing.Usage;

/// <summary>
/// Inserts a batch of usage events in one statement; an id seen before is skipped
/// (ON CONFLICT DO NOTHING), so replays and retries never count twice. The billing-period lock is taken
/// in the same transaction, so it is held until the insert commits (see BilledPeriods).
/// </summary>
internal sealed class RecordUsageHandler(BillingDbContext db, TimeProvider clock) : ICommandHandler<RecordUsage>
{
    public async ValueTask<Unit> Handle(RecordUsage command, CancellationToken cancellationToken)
    {
        if (command.Events.Count == 0)
        {
            return Unit.Value;
        }

        var events = command.Events;
        var writes = command.Batch ?? new WriteBatch();
        writes.Add(BilledPeriods.SharedLockSql);
        writes.Add("""
            INSERT INTO billing.usage_events
                (id, user_id, deployment_id, agent_id, version, capability, units, duration_ms, billable, occurred_at, recorded_at)
            SELECT * FROM unnest(@ids, @users, @deployments, @agents, @versions, @capabilities, @units, @durations, @billable, @occurred,
                                 array_fill(@now::timestamptz, ARRAY[cardinality(@ids)]))
            ON CONFLICT (id) DO NOTHING
            """,
            [
                SqlArrays.Parameter("ids", events.Select(e => e.Id).ToArray(), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("users", events.Select(e => e.UserId).ToArray(), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("deployments", events.Select(e => e.DeploymentId).ToArray(), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("agents", events.Select(e => e.AgentId).ToArray(), NpgsqlDbType.Uuid),
                SqlArrays.Parameter("versions", events.Select(e => e.Version).ToArray(), NpgsqlDbType.Text),
                SqlArrays.Parameter("capabilities", events.Select(e => e.Capability).ToArray(), NpgsqlDbType.Text),
                SqlArrays.Parameter("units", events.Select(e => e.Units).ToArray(), NpgsqlDbType.Bigint),
                SqlArrays.Parameter("durations", events.Select(e => e.DurationMs).ToArray(), NpgsqlDbType.Integer),
                SqlArrays.Parameter("billable", events.Select(e => e.Billable).ToArray(), NpgsqlDbType.Boolean),
                SqlArrays.Parameter("occurred", events.Select(e => e.OccurredAt).ToArray(), NpgsqlDbType.TimestampTz),
                new NpgsqlParameter("now", clock.GetUtcNow()),
            ]);
        if (command.Batch is null)
        {
            await writes.ExecuteAsync(db.Database, cancellationToken);
        }

        return Unit.Value;
    }
}
