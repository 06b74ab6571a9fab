using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.Billing.Idempotency;
using AgentMarketplace.Billing.Persistence;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Registry.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AgentMarketplace.Billing.Usage;

internal sealed record ReportUsageBatchRequest(IReadOnlyList<BatchUsageEvent>? Events);

internal sealed record BatchUsageEvent(string? IdempotencyKey, Guid? DeploymentId, string? Capability, long? Units, DateTimeOffset? OccurredAt)
    : IUsageFields;

/// <summary>How many of the batch's events were new, and how many were replays of keys already recorded (or repeated in the batch).</summary>
internal sealed record UsageBatchAccepted(int Accepted, int Duplicates);

internal sealed class BatchUsageEventValidator : UsageFieldsValidator<BatchUsageEvent>
{
    public BatchUsageEventValidator(TimeProvider clock, IOptions<BillingOptions> options) : base(clock, options) =>
        RuleFor(e => e.IdempotencyKey).NotEmpty().MaximumLength(IdempotentRequests.MaxKeyLength)
            .Must(key => key is null || !key.Any(char.IsControl)).WithMessage("'idempotencyKey' must not contain control characters.");
}

internal sealed class ReportUsageBatchValidator : AbstractValidator<ReportUsageBatchRequest>
{
    public const int MaxEvents = 1_000;

    public ReportUsageBatchValidator(TimeProvider clock, IOptions<BillingOptions> options)
    {
        RuleFor(r => r.Events).NotEmpty()
            .Must(events => events is null || events.Count <= MaxEvents).WithMessage($"A batch holds at most {MaxEvents} events.")
            .Must(events => events is null || events.All(e => e is not null)).WithMessage("'events' must not contain null.");
        RuleForEach(r => r.Events).SetValidator(new BatchUsageEventValidator(clock, options))
            .When(r => r.Events is { Count: <= MaxEvents } events && events.All(e => e is not null));
        // A key twice in one batch must mean the same event: otherwise which one the client meant is a guess.
        RuleFor(r => r.Events).Custom((events, context) =>
        {
            var first = new Dictionary<string, BatchUsageEvent>(StringComparer.Ordinal);
            for (var i = 0; i < events!.Count; i++)
            {
                if (events[i].IdempotencyKey is { } key && !first.TryAdd(key, events[i]) && !UsageBatches.SameContent(first[key], events[i]))
                {
                    context.AddFailure($"events[{i}].idempotencyKey", "'idempotencyKey' is used by an earlier event of this batch with different content.");
                }
            }
        }).When(r => r.Events is { Count: <= MaxEvents } events && events.All(e => e is not null));
    }
}

/// <summary>
/// Batched usage reports: the whole batch is validated, its deployments' ownership checked with one
/// lookup, and its events written with one INSERT … ON CONFLICT DO NOTHING on (reporter, key), in one
/// transaction. A batch is all or nothing: any event that is invalid, not the reporter's, reuses a key
/// with other content or falls into a billed period rejects the batch and nothing is written, so a
/// client fixes it and sends it again, and the events already recorded count as duplicates.
/// </summary>
internal sealed class UsageBatches(BillingDbContext db, IMediator mediator, ReportedSpend spend, TimeProvider clock)
{
    /// <summary>How many offending events a problem names; the count is always given.</summary>
    private const int NamedInProblem = 10;

    public async Task<Result<UsageBatchAccepted>> ReportAsync(Actor actor, IReadOnlyList<BatchUsageEvent> events, CancellationToken ct)
    {
        var deployments = (await mediator.Send(new GetDeploymentSummaries(events.Select(e => e.DeploymentId!.Value).Distinct().ToList()), ct))
            .ToDictionary(d => d.DeploymentId);
        var manageable = new HashSet<Guid>();
        foreach (var agentId in deployments.Values.Select(d => d.AgentId).Distinct())
        {
            if (await mediator.Send(new GetAgentSummary(agentId), ct) is { } agent && actor.MayManage(agent.OwnerId))
            {
                manageable.Add(agentId);
            }
        }

        var foreign = Indexes(events, e => !deployments.TryGetValue(e.DeploymentId!.Value, out var d) || !manageable.Contains(d.AgentId));
        if (foreign.Count > 0)
        {
            // Unknown and someone else's look the same: 404 never reveals another user's deployment.
            return new DomainError(ErrorKind.NotFound,
                $"No deployment of yours has the deploymentId of {Describe(foreign)}; nothing was recorded.");
        }

        var stopped = Indexes(events, e => deployments[e.DeploymentId!.Value].Stopped);
        if (stopped.Count > 0)
        {
            return DomainError.Conflict($"The deployment of {Describe(stopped)} is stopped; usage is accepted for live deployments only. Nothing was recorded.");
        }

        var undeclared = Indexes(events, e => !deployments[e.DeploymentId!.Value].Capabilities.Contains(e.Capability!));
        if (undeclared.Count > 0)
        {
            return DomainError.Invalid($"events[{undeclared[0]}].capability",
                $"The capability of {Describe(undeclared)} is not one its deployed version declares. Nothing was recorded.");
        }

        // One row per key: a key repeated in the batch (same content, checked by the validator) counts as a duplicate.
        var unique = events.DistinctBy(e => e.IdempotencyKey).OrderBy(e => e.IdempotencyKey, StringComparer.Ordinal).ToList();
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(WriteAsync);

        async Task<Result<UsageBatchAccepted>> WriteAsync()
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BilledPeriods.LockForUsageAsync(db, ct);
            var inserted = await InsertAsync(actor.UserId, unique, deployments, ct);
            if (inserted.Keys.Count < unique.Count)
            {
                var changed = await ChangedReplaysAsync(actor.UserId, unique.Where(e => !inserted.Keys.Contains(e.IdempotencyKey!)).ToList(), ct);
                if (changed.Count > 0)
                {
                    await transaction.RollbackAsync(ct);
                    var at = Indexes(events, e => changed.Contains(e.IdempotencyKey!));
                    return new DomainError(ErrorKind.Unprocessable,
                        $"The idempotencyKey of {Describe(at)} was used before for a different event; use a new key for a new event. Nothing was recorded.");
                }
            }

            if (inserted.Count > 0 && await BilledPeriods.RunCoveringAsync(db, inserted.Occurred, ct) is { } billed)
            {
                await transaction.RollbackAsync(ct);
                var at = Indexes(events, e => inserted.Keys.Contains(e.IdempotencyKey!) && BilledPeriods.Covers(billed, e.OccurredAt!.Value));
                return DomainError.Conflict(
                    $"The occurredAt of {Describe(at)} is in a period that has already been billed ({billed.PeriodStart:o} to {billed.PeriodEnd:o}); nothing was recorded.");
            }

            // Only what is new is charged: a replay was charged when it was first recorded.
            var charged = unique.Where(e => inserted.Keys.Contains(e.IdempotencyKey!)).Select(e =>
            {
                var deployment = deployments[e.DeploymentId!.Value];
                return new UsageEvent(Guid.Empty, deployment.UserId, deployment.DeploymentId, deployment.AgentId, deployment.Version,
                    e.Capability!, e.Units!.Value, 0, Billable: true, e.OccurredAt!.Value.ToUniversalTime());
            }).ToList();
            if (await spend.WriteChargedAsync(charged, new WriteBatch(), ct) is { } overLimit)
            {
                await transaction.RollbackAsync(ct);
                return overLimit;
            }

            await transaction.CommitAsync(ct);
            return new UsageBatchAccepted(inserted.Count, events.Count - inserted.Count);
        }
    }

    public static bool SameContent(BatchUsageEvent a, BatchUsageEvent b) =>
        a.DeploymentId == b.DeploymentId && a.Capability == b.Capability && a.Units == b.Units && a.OccurredAt == b.OccurredAt;

    private sealed record Inserted(HashSet<string> Keys, List<DateTimeOffset> Occurred)
    {
        public int Count => Keys.Count;
    }

    /// <summary>
    /// One statement for the batch. Rows go in key order, so two batches sharing keys wait for each other
    /// in the same order instead of deadlocking; a key another transaction holds makes this one wait for
    /// it to commit, and then count it as a duplicate.
    /// </summary>
    private async Task<Inserted> InsertAsync(
        Guid reporterId, List<BatchUsageEvent> unique, Dictionary<Guid, DeploymentSummary> deployments, CancellationToken ct)
    {
        var inserted = new Inserted([], []);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = """
            INSERT INTO billing.usage_events
                (id, user_id, deployment_id, agent_id, version, capability, units, duration_ms, billable, occurred_at, recorded_at,
                 reporter_id, idempotency_key)
            SELECT e.id, e.user_id, e.deployment_id, e.agent_id, e.version, e.capability, e.units, 0, true, e.occurred_at, @now, @reporter, e.key
              FROM unnest(@ids, @users, @deployments, @agents, @versions, @capabilities, @units, @occurred, @keys)
                   WITH ORDINALITY AS e(id, user_id, deployment_id, agent_id, version, capability, units, occurred_at, key, n)
             ORDER BY e.n
            ON CONFLICT (reporter_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
            RETURNING idempotency_key, occurred_at
            """;
        var summaries = unique.Select(e => deployments[e.DeploymentId!.Value]).ToList();
        command.Parameters.AddRange(new NpgsqlParameter[]
        {
            SqlArrays.Parameter("ids", unique.Select(_ => Guid.CreateVersion7()), NpgsqlDbType.Uuid),
            SqlArrays.Parameter("users", summaries.Select(d => d.UserId), NpgsqlDbType.Uuid),
            SqlArrays.Parameter("deployments", summaries.Select(d => d.DeploymentId), NpgsqlDbType.Uuid),
            SqlArrays.Parameter("agents", summaries.Select(d => d.AgentId), NpgsqlDbType.Uuid),
            SqlArrays.Parameter("versions", summaries.Select(d => d.Version), NpgsqlDbType.Text),
            SqlArrays.Parameter("capabilities", unique.Select(e => e.Capability!), NpgsqlDbType.Text),
            SqlArrays.Parameter("units", unique.Select(e => e.Units!.Value), NpgsqlDbType.Bigint),
            SqlArrays.Parameter("occurred", unique.Select(e => e.OccurredAt!.Value.ToUniversalTime()), NpgsqlDbType.TimestampTz),
            SqlArrays.Parameter("keys", unique.Select(e => e.IdempotencyKey!), NpgsqlDbType.Text),
            new NpgsqlParameter("reporter", reporterId),
            new NpgsqlParameter("now", clock.GetUtcNow()),
        });
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            inserted.Keys.Add(reader.GetString(0));
            inserted.Occurred.Add(reader.GetFieldValue<DateTimeOffset>(1));
        }

        return inserted;
    }

    /// <summary>The keys among <paramref name="replays"/> whose recorded event differs from the one sent now.</summary>
    private async Task<HashSet<string>> ChangedReplaysAsync(Guid reporterId, List<BatchUsageEvent> replays, CancellationToken ct)
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

    private static List<int> Indexes(IReadOnlyList<BatchUsageEvent> events, Func<BatchUsageEvent, bool> offending) =>
        events.Select((e, i) => (e, i)).Where(x => offending(x.e)).Select(x => x.i).ToList();

    private static string Describe(List<int> indexes)
    {
        var named = string.Join(", ", indexes.Take(NamedInProblem).Select(i => $"events[{i}]"));
        return indexes.Count <= NamedInProblem ? named : $"{named} and {indexes.Count - NamedInProblem} more ({indexes.Count} events)";
    }
}
