using AgentMarketplace.Billing.Idempotency;
using AgentMarketplace.BuildingBlocks.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Billing.Invoices;

/// <summary>
/// Closes each calendar month (UTC) once <see cref="ClosingGrace"/> has passed after it ends — billing
/// whatever parts of it ad-hoc runs have not already billed — and forgets expired idempotency keys.
/// Safe with several instances: a period is billed once whoever runs it.
/// </summary>
internal sealed class BillingScheduler(IServiceScopeFactory scopes, IOptions<BillingOptions> options, TimeProvider clock) : IScheduledJob
{
    /// <summary>
    /// A gateway call is billed at the instant it was admitted, so a call admitted just before a month
    /// ends may be recorded minutes later (Deployment:InvokeTimeoutSeconds is at most 10 minutes): the
    /// month is closed only once every such call has been recorded.
    /// </summary>
    public static readonly TimeSpan ClosingGrace = TimeSpan.FromMinutes(15);

    public string Name => "billing.close-periods";

    public TimeSpan Interval => TimeSpan.FromMinutes(5);

    public Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var closable = clock.GetUtcNow() - ClosingGrace;
        var thisMonth = new DateTimeOffset(closable.Year, closable.Month, 1, 0, 0, 0, TimeSpan.Zero);
        if (options.Value.ScheduledRuns)
        {
            var billing = scope.ServiceProvider.GetRequiredService<BillingSystem>();
            foreach (var (start, end) in await billing.UnbilledGapsAsync(thisMonth.AddMonths(-1), thisMonth, ct))
            {
                await billing.RunAsync(start, end, ct);
            }
        }

        await scope.ServiceProvider.GetRequiredService<IdempotentRequests>().PurgeExpiredAsync(ct);
    }
}
