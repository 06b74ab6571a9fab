using System.Diagnostics;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.AgentProtocol.Schemas;
using AgentMarketplace.Billing.Contracts;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Deployment.Contracts;
using AgentMarketplace.Deployment.Deployments;
using AgentMarketplace.Deployment.Monitoring;
using AgentMarketplace.Deployment.Persistence;
using AgentMarketplace.Deployment.Runtimes;
using AgentMarketplace.Users.Contracts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Deployment.Gateway;

/// <summary>
/// Every agent call passes here: the caller's own live deployment, a declared capability, input that
/// satisfies its schema, the caller's rate and monthly quotas and spend limit — and only then the agent.
/// A call the agent fails gives its quota and its spend reservation back.
/// </summary>
internal sealed class InvocationGateway(
    DeploymentDbContext db,
    DeploymentManager deployments,
    IDeploymentRuntime runtime,
    RequestRateLimiter rateLimiter,
    GroupCommitter committer,
    DeploymentMetrics metrics,
    TimeProvider clock,
    IOptions<DeploymentOptions> options,
    CallPrices prices,
    IOptions<SchemaLimits> schemaLimits,
    LiveRoutes routes,
    IMediator mediator)
{
    public async Task<Result<InvokeResponse>> InvokeAsync(Guid userId, Guid deploymentId, InvokeRequest request, CancellationToken ct)
    {
        var deployment = await routes.FindDeploymentAsync(deploymentId, token => db.Deployments.AsNoTracking()
            .Where(d => d.Id == deploymentId && d.Status != DeploymentStatus.Stopped)
            .Select(d => new LiveDeployment(d.OwnerId, d.AgentId, d.LiveRevision))
            .FirstOrDefaultAsync(token), ct);
        if (deployment is null || deployment.OwnerId != userId)
        {
            return DomainError.NotFound("Deployment");
        }

        var live = await routes.FindRevisionAsync(deploymentId, deployment.LiveRevision, token => LoadRevisionAsync(deploymentId, deployment.LiveRevision, token), ct);
        if (live is null)
        {
            return DomainError.NotFound("Deployment");
        }

        var capability = live.Capability(request.Capability);
        if (capability is null)
        {
            return DomainError.Invalid("capability",
                $"The deployed version has no capability '{request.Capability}'. It has: {string.Join(", ", live.Capabilities.Select(c => c.Name))}.");
        }

        if (capability.Input.Check(request.Input) is { } inputError)
        {
            return DomainError.Invalid("input", $"The input breaks the capability's inputSchema: {inputError}");
        }

        // Admitted by Users from this instance's share of the caller's month (in memory: no round trip), reserving
        // the most the call can cost, so concurrent calls cannot overshoot the spend limit.
        var schedule = await prices.ForAgentAsync(mediator, deployment.AgentId, ct);
        var (admission, price, reservedCents, admittedAt) = await AdmitAsync(userId, deployment.AgentId, schedule, ct);
        var limits = admission.Limits;
        switch (admission.Outcome)
        {
            case CallAdmissionOutcome.CallsExhausted:
                return new DomainError(ErrorKind.TooManyRequests,
                    $"The monthly quota of {limits!.CallsPerMonth} calls is used up.", RetryAfter: UntilNextMonth(admission.Month));
            case CallAdmissionOutcome.SpendExhausted:
                return new DomainError(ErrorKind.PaymentRequired,
                    $"The monthly spend limit of {limits!.MonthlySpendLimitCents} cents is reached (this call may cost up to {reservedCents} cents).");
            case CallAdmissionOutcome.UnknownUser:
                return DomainError.NotFound("Deployment");
        }

        if (rateLimiter.TryAcquire(userId, limits!.RequestsPerMinute) is { } retryAfter)
        {
            // Over the per-minute rate: the call admitted above does not happen, so it is given back.
            await mediator.Send(new GiveBackCall(userId, admission.Month, reservedCents), CancellationToken.None);
            return new DomainError(ErrorKind.TooManyRequests,
                $"More than {limits.RequestsPerMinute} requests per minute.", RetryAfter: retryAfter);
        }

        var call = await runtime.InvokeAsync(live.Spec, capability.Name, request.Input, ct);
        var failure = call.Failure switch
        {
            AgentCallFailure.None => (ErrorKind?)null,
            AgentCallFailure.Timeout => ErrorKind.GatewayTimeout,
            AgentCallFailure.CircuitOpen => ErrorKind.ServiceUnavailable,
            _ => ErrorKind.BadGateway,
        };
        var outcome = failure switch
        {
            null => InvocationOutcome.Success,
            ErrorKind.GatewayTimeout => InvocationOutcome.Timeout,
            ErrorKind.ServiceUnavailable => InvocationOutcome.CircuitOpen,
            _ => InvocationOutcome.AgentError,
        };
        metrics.Invoked(outcome, call.Latency);

        // Recorded (and committed) before we answer: neither monitoring, billing nor the caller's quota misses
        // a call a client saw. A failed call does not count against the quota. An agent claims its units;
        // where units are priced, it is charged no more than were reserved (the claim is kept, as capped).
        // The call counts at the instant it was admitted and priced, so the plan billed is the plan reserved.
        var occurredAt = admittedAt;
        var latencyMs = (int)Math.Min(int.MaxValue, call.Latency.TotalMilliseconds);
        var claimed = call.Succeeded ? call.Units ?? 1 : 0;
        var units = price.ChargedUnits(claimed, prices.MaxPricedUnits, MaxRecordedUnits);
        await committer.RecordAsync(new Invocation
        {
            DeploymentId = deploymentId,
            Capability = capability.Name,
            Version = live.Version,
            Outcome = outcome,
            Status = failure is { } failed ? Status(failed) : 200,
            LatencyMs = latencyMs,
            Units = units,
            ClaimedUnits = claimed > units ? claimed : null,
            Error = call.SafeSummary,
            OccurredAt = occurredAt,
        }, new UsageEvent(Guid.CreateVersion7(), userId, deploymentId, deployment.AgentId, live.Version, capability.Name,
            units, latencyMs, Billable: call.Succeeded, occurredAt),
            failure is null ? price.Use(userId, admission.Month, deployment.AgentId, units, reservedCents) : null);

        if (failure is { } kind)
        {
            await mediator.Send(new GiveBackCall(userId, admission.Month, reservedCents), CancellationToken.None);
            await mediator.Publish(new AgentCallFailed(deploymentId, deployment.AgentId, userId, capability.Name, Status(kind),
                call.SafeSummary ?? kind.ToString(), Activity.Current?.TraceId.ToString() ?? "", occurredAt), CancellationToken.None);
            return new DomainError(kind, call.Error!,
                RetryAfter: kind == ErrorKind.ServiceUnavailable ? TimeSpan.FromSeconds(options.Value.CircuitBreakSeconds) : null);
        }

        if (price.IsSubscription)
        {
            prices.SubscriptionStarted(userId, deployment.AgentId, admission.Month);
        }

        return new InvokeResponse(call.Output, new InvokeUsage(units, claimed > units ? claimed : null), (long)call.Latency.TotalMilliseconds);
    }

    /// <summary>
    /// Admits the call reserving the most it can cost under the plan in force at the instant it is
    /// admitted, in the month it is admitted in (a subscription's fee counts until that month has begun):
    /// a call on the turn of a month is admitted again, in the new one.
    /// </summary>
    private async Task<(CallAdmission Admission, CallPrice Price, long ReservedCents, DateTimeOffset AdmittedAt)> AdmitAsync(
        Guid userId, Guid agentId, AgentPrices schedule, CancellationToken ct)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var month = new DateOnly(now.Year, now.Month, 1);
            var price = schedule.At(now);
            var feeDue = await prices.FeeDueAsync(mediator, price, userId, agentId, month, ct);
            var reservedCents = price.ReserveCents(prices.MaxPricedUnits, feeDue);
            var admission = await mediator.Send(new AdmitCall(userId, reservedCents), ct);
            if (admission.Outcome != CallAdmissionOutcome.Admitted || admission.Month == month)
            {
                return (admission, price, reservedCents, now);
            }

            await mediator.Send(new GiveBackCall(userId, admission.Month, reservedCents), CancellationToken.None);
        }
    }

    private async Task<RevisionRoute?> LoadRevisionAsync(Guid deploymentId, int number, CancellationToken ct)
    {
        var revision = await db.Revisions.AsNoTracking().FirstOrDefaultAsync(r => r.DeploymentId == deploymentId && r.Number == number, ct);
        if (revision is null)
        {
            return null;
        }

        var capabilities = DeploymentManager.Capabilities(revision);
        return new RevisionRoute(revision.Version, deployments.Spec(deploymentId, revision, capabilities),
            capabilities.Select(c => new RouteCapability(c.Name, new CompiledSchema(c.InputSchema, schemaLimits.Value))).ToList());
    }

    /// <summary>The most units one call may claim where units are not priced: kept for statistics, bounded so sums stay exact.</summary>
    private const long MaxRecordedUnits = 1_000_000_000;

    private static int Status(ErrorKind failure) => failure switch { ErrorKind.GatewayTimeout => 504, ErrorKind.ServiceUnavailable => 503, _ => 502 };

    private static TimeSpan UntilNextMonth(DateOnly month) =>
        month.AddMonths(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) - DateTime.UtcNow;
}
