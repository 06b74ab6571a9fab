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
using Microsoft.Extensions.Options;

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
/// lookup, and its events written with Billing's one usage INSERT (skipping keys already recorded), in one
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
            await BillingLocks.LockForUsageAsync(db, ct);
            var inserted = await InsertAsync(actor.UserId, unique, deployments, ct);
            if (inserted.Keys.Count < unique.Count)
            {
                var changed = await UsageEventStatements.ChangedReplaysAsync(db, actor.UserId, unique.Where(e => !inserted.Keys.Contains(e.IdempotencyKey!)).ToList(), ct);
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

    /// <summary>One statement for the batch, in key order (see <see cref="UsageEventStatements"/>).</summary>
    private async Task<Inserted> InsertAsync(
        Guid reporterId, List<BatchUsageEvent> unique, Dictionary<Guid, DeploymentSummary> deployments, CancellationToken ct)
    {
        var events = unique.Select(e =>
        {
            var deployment = deployments[e.DeploymentId!.Value];
            return new UsageEvent(Guid.CreateVersion7(), deployment.UserId, deployment.DeploymentId, deployment.AgentId, deployment.Version,
                e.Capability!, e.Units!.Value, 0, Billable: true, e.OccurredAt!.Value.ToUniversalTime());
        }).ToList();
        var rows = await UsageEventStatements.InsertReportedAsync(
            db, reporterId, events, unique.ConvertAll(e => e.IdempotencyKey!), clock.GetUtcNow(), ct);
        return new Inserted([.. rows.Select(r => r.Key)], rows.ConvertAll(r => r.OccurredAt));
    }

    private static List<int> Indexes(IReadOnlyList<BatchUsageEvent> events, Func<BatchUsageEvent, bool> offending) =>
        events.Select((e, i) => (e, i)).Where(x => offending(x.e)).Select(x => x.i).ToList();

    private static string Describe(List<int> indexes)
    {
        var named = string.Join(", ", indexes.Take(NamedInProblem).Select(i => $"events[{i}]"));
        return indexes.Count <= NamedInProblem ? named : $"{named} and {indexes.Count - NamedInProblem} more ({indexes.Count} events)";
    }
}
