using AgentMarketplace.Billing.Contracts;
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

/// <summary>The fields of one usage report, validated alike whether it comes alone or in a batch.</summary>
internal interface IUsageFields
{
    Guid? DeploymentId { get; }
    string? Capability { get; }
    long? Units { get; }
    DateTimeOffset? OccurredAt { get; }
}

internal sealed record ReportUsageRequest(Guid? DeploymentId, string? Capability, long? Units, DateTimeOffset? OccurredAt) : IUsageFields;

internal sealed record UsageAccepted(Guid Id, Guid DeploymentId, Guid AgentId, string Capability, long Units, DateTimeOffset OccurredAt);

internal sealed record UsageLine(Guid AgentId, Guid DeploymentId, long Calls, long Units, long AmountCents);

/// <summary>One UTC day's billable calls and units (no amount: a graduated or subscription price is per period, not per day).</summary>
internal sealed record UsageDay(DateOnly Date, long Calls, long Units);

internal sealed record UsageReport(
    DateTimeOffset From, DateTimeOffset To, IReadOnlyList<UsageLine> Items, long TotalCents, string Currency, IReadOnlyList<UsageDay> Days);

internal abstract class UsageFieldsValidator<T> : AbstractValidator<T> where T : IUsageFields
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(30);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    protected UsageFieldsValidator(TimeProvider clock, IOptions<BillingOptions> options)
    {
        RuleFor(r => r.DeploymentId).NotEmpty();
        RuleFor(r => r.Capability).NotEmpty().MaximumLength(64);
        RuleFor(r => r.Units).NotNull().InclusiveBetween(1, options.Value.MaxUnitsPerEvent);
        RuleFor(r => r.OccurredAt).NotNull()
            .Must(at => at is null || at.Value <= clock.GetUtcNow() + MaxClockSkew).WithMessage("'occurredAt' is in the future.")
            .Must(at => at is null || at.Value >= clock.GetUtcNow() - MaxAge).WithMessage($"'occurredAt' is more than {MaxAge.Days} days ago.");
    }
}

internal sealed class ReportUsageValidator(TimeProvider clock, IOptions<BillingOptions> options) : UsageFieldsValidator<ReportUsageRequest>(clock, options);

/// <summary>
/// The UsageTracker: publishers report usage of their own agents' deployments (the gateway reports
/// its calls through <see cref="RecordUsage"/>); users read their usage, priced as their invoice will be.
/// </summary>
internal sealed class UsageTracker(
    BillingDbContext db, IMediator mediator, UsagePricing pricing, ReportedSpend spend, IOptions<BillingOptions> options, TimeProvider clock)
{
    public async Task<Result<UsageAccepted>> ReportAsync(Actor actor, ReportUsageRequest request, CancellationToken ct)
    {
        var deployment = await mediator.Send(new GetDeploymentSummary(request.DeploymentId!.Value), ct);
        var agent = deployment is null ? null : await mediator.Send(new GetAgentSummary(deployment.AgentId), ct);
        if (deployment is null || agent is null || !actor.MayManage(agent.OwnerId))
        {
            return DomainError.NotFound("Deployment");
        }

        if (ReportedSpend.Refuse(deployment, request.Capability!) is { } refused)
        {
            return refused;
        }

        var occurredAt = request.OccurredAt!.Value.ToUniversalTime();
        var usage = new UsageEvent(Guid.CreateVersion7(), deployment.UserId, deployment.DeploymentId, deployment.AgentId, deployment.Version,
            request.Capability!, request.Units!.Value, 0, Billable: true, occurredAt);

        // The check, the insert and the charge against the consumer's spend limit share one transaction
        // under the billing-period lock (BilledPeriods): all or nothing.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await BillingLocks.LockForUsageAsync(db, ct);
            if (await BilledPeriods.RunCoveringAsync(db, [occurredAt], ct) is not null)
            {
                return (Result<UsageAccepted>)DomainError.Conflict("That period has already been billed; usage can no longer be added to it.");
            }

            var writes = new WriteBatch();
            await mediator.Send(new RecordUsage([usage], writes), ct);
            if (await spend.WriteChargedAsync([usage], writes, ct) is { } overLimit)
            {
                await transaction.RollbackAsync(ct);
                return overLimit;
            }

            await transaction.CommitAsync(ct);
            return new UsageAccepted(usage.Id, usage.DeploymentId, usage.AgentId, usage.Capability, usage.Units, usage.OccurredAt);
        });
    }

    public async Task<Result<UsageReport>> ReportForUserAsync(Guid userId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        // Without a range: this calendar month (UTC), so far.
        var now = clock.GetUtcNow();
        var thisMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var start = (from ?? thisMonth).ToUniversalTime();
        var end = (to ?? thisMonth.AddMonths(1)).ToUniversalTime();
        if (start >= end || end - start > TimeSpan.FromDays(366))
        {
            return DomainError.Invalid("from", "'from' must be before 'to', and the range at most a year.");
        }

        var usage = await db.Usage.AsNoTracking()
            .Where(u => u.UserId == userId && u.Billable && u.OccurredAt >= start && u.OccurredAt < end)
            .GroupBy(u => new { u.AgentId, u.DeploymentId })
            .Select(g => new { g.Key.AgentId, g.Key.DeploymentId, Calls = g.LongCount(), Units = g.Sum(u => u.Units) })
            .ToListAsync(ct);
        var amounts = await pricing.AmountsByAgentAsync(userId, start, end, ct);
        var items = usage.GroupBy(u => u.AgentId).SelectMany(agent =>
        {
            var shares = ProportionalSplit.Allocate(amounts.GetValueOrDefault(agent.Key), agent.Select(d => d.Calls).ToList());
            return agent.Select((d, i) => new UsageLine(d.AgentId, d.DeploymentId, d.Calls, d.Units, shares[i]));
        }).OrderBy(l => l.AgentId).ThenBy(l => l.DeploymentId).ToList();
        var days = await UsageDayStatements.ReadAsync(db, userId, start, end, ct);
        return new UsageReport(start, end, items, items.Sum(i => i.AmountCents), options.Value.Currency, days);
    }
}
