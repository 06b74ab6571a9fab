using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Usage;
using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Billing.Persistence;

/// <summary>
/// The one INSERT into billing.usage_events, used by the gateway's calls (RecordUsage, in the group
/// commit's batch) and by publishers' reported batches (with a reporter and idempotency keys). A row
/// already recorded is skipped, never counted twice: a call by its id, a reported event by
/// (reporter, key) — the only unique keys of the table, so ON CONFLICT needs no target. Rows go in the
/// order given (reported batches come in key order), so two batches sharing keys wait for each other in
/// the same order instead of deadlocking; a key another transaction holds makes this one wait for it
/// to commit, and then skip it.
/// </summary>
internal static class UsageEventStatements
{
    private const string Insert = """
        INSERT INTO billing.usage_events
            (id, user_id, deployment_id, agent_id, version, capability, units, duration_ms, billable, occurred_at, recorded_at,
             reporter_id, idempotency_key)
        SELECT e.id, e.user_id, e.deployment_id, e.agent_id, e.version, e.capability, e.units, e.duration_ms, e.billable, e.occurred_at,
               @now, @reporter, e.key
          FROM unnest(@ids, @users, @deployments, @agents, @versions, @capabilities, @units, @durations, @billable, @occurred, @keys)
               WITH ORDINALITY AS e(id, user_id, deployment_id, agent_id, version, capability, units, duration_ms, billable, occurred_at, key, n)
         ORDER BY e.n
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Only the reported path reads what was inserted: the group commit's batch sends no rows back.</summary>
    private const string InsertReturningKeys = Insert + "\nRETURNING idempotency_key, occurred_at";

    /// <summary>The calls' usage, added to <paramref name="writes"/> behind the shared billed-periods lock.</summary>
    public static void AddInsert(WriteBatch writes, IReadOnlyList<UsageEvent> events, DateTimeOffset now)
    {
        writes.Add(BillingLocks.UsageLockSql);
        writes.Add(Insert, Parameters(events, events.Select(_ => (string?)null), reporter: null, now));
    }

    /// <summary>
    /// A reported batch, in the caller's transaction (which holds the billed-periods lock): the keys and
    /// times of the events that were new.
    /// </summary>
    public static async Task<List<(string Key, DateTimeOffset OccurredAt)>> InsertReportedAsync(
        BillingDbContext db, Guid reporterId, IReadOnlyList<UsageEvent> events, IReadOnlyList<string> keys, DateTimeOffset now, CancellationToken ct)
    {
        var inserted = new List<(string, DateTimeOffset)>();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = InsertReturningKeys;
        command.Parameters.AddRange(Parameters(events, keys, reporterId, now));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return inserted;
    }

    /// <summary>The keys among <paramref name="replays"/> whose recorded event differs from the one sent now.</summary>
    public static async Task<HashSet<string>> ChangedReplaysAsync(BillingDbContext db, Guid reporterId, List<BatchUsageEvent> replays, CancellationToken ct)
    {
        var changed = new HashSet<string>();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        // Compared in SQL, so both sides went through the same timestamp conversion.
        command.CommandText = """
            SELECT r.key
              FROM unnest(@keys, @deployments, @capabilities, @units, @occurred) AS r(key, deployment_id, capability, units, occurred_at)
              JOIN billing.usage_events u ON u.reporter_id = @reporter AND u.idempotency_key = r.key
             WHERE (u.deployment_id, u.capability, u.units, u.occurred_at) IS DISTINCT FROM (r.deployment_id, r.capability, r.units, r.occurred_at)
            """;
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            SqlArrays.Parameter("keys", replays.Select(e => e.IdempotencyKey!), NpgsqlDbType.Text),
            SqlArrays.Parameter("deployments", replays.Select(e => e.DeploymentId!.Value), NpgsqlDbType.Uuid),
            SqlArrays.Parameter("capabilities", replays.Select(e => e.Capability!), NpgsqlDbType.Text),
            SqlArrays.Parameter("units", replays.Select(e => e.Units!.Value), NpgsqlDbType.Bigint),
            SqlArrays.Parameter("occurred", replays.Select(e => e.OccurredAt!.Value.ToUniversalTime()), NpgsqlDbType.TimestampTz),
            new NpgsqlParameter("reporter", reporterId),
        });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            changed.Add(reader.GetString(0));
        }

        return changed;
    }

    private static NpgsqlParameter[] Parameters(IReadOnlyList<UsageEvent> events, IEnumerable<string?> keys, Guid? reporter, DateTimeOffset now) =>
    [
        SqlArrays.Parameter("ids", events.Select(e => e.Id), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("users", events.Select(e => e.UserId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("deployments", events.Select(e => e.DeploymentId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("agents", events.Select(e => e.AgentId), NpgsqlDbType.Uuid),
        SqlArrays.Parameter("versions", events.Select(e => e.Version), NpgsqlDbType.Text),
        SqlArrays.Parameter("capabilities", events.Select(e => e.Capability), NpgsqlDbType.Text),
        SqlArrays.Parameter("units", events.Select(e => e.Units), NpgsqlDbType.Bigint),
        SqlArrays.Parameter("durations", events.Select(e => e.DurationMs), NpgsqlDbType.Integer),
        SqlArrays.Parameter("billable", events.Select(e => e.Billable), NpgsqlDbType.Boolean),
        SqlArrays.Parameter("occurred", events.Select(e => e.OccurredAt), NpgsqlDbType.TimestampTz),
        SqlArrays.Parameter("keys", keys, NpgsqlDbType.Text),
        new NpgsqlParameter("reporter", NpgsqlDbType.Uuid) { Value = (object?)reporter ?? DBNull.Value },
        new NpgsqlParameter("now", now),
    ];
}
