using AgentMarketplace.Billing.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Billing.Usage;

/// <summary>
/// Orders usage writes and billing runs. Every transaction that records usage holds a shared lock,
/// a billing run an exclusive one: a run waits for usage already being written and reads it, and
/// usage written after a run waits for its commit and then sees the period billed (and is refused).
/// Without it, an event checked as "not yet billed" could commit just after a run read the period,
/// and stay unbilled for ever. The locks themselves are <see cref="BillingLocks"/>' (SQL lives in Persistence/).
/// </summary>
internal static class BilledPeriods
{
    /// <summary>A billing run whose period holds one of <paramref name="occurred"/>, if any (runs are few: one query over their span).</summary>
    public static async Task<BillingRun?> RunCoveringAsync(BillingDbContext db, IReadOnlyCollection<DateTimeOffset> occurred, CancellationToken ct)
    {
        var (earliest, latest) = (occurred.Min(), occurred.Max());
        var runs = await db.Runs.AsNoTracking().Where(r => r.PeriodStart <= latest && earliest < r.PeriodEnd).ToListAsync(ct);
        return runs.FirstOrDefault(r => occurred.Any(at => Covers(r, at)));
    }

    public static bool Covers(BillingRun run, DateTimeOffset at) => run.PeriodStart <= at && at < run.PeriodEnd;
}
