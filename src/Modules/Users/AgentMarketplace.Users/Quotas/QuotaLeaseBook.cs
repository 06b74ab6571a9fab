using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// What a holder's share of the month grew by (<paramref name="GrantedCalls"/>,
/// <paramref name="GrantedSpendCents"/>; negative when a lowered limit shrank it), valid until
/// <paramref name="ExpiresAt"/>, and the user's limits as read for it (the gateway's per-minute limit
/// comes from here; null: no such user). Changes, not totals, so that a holder can apply them in any
/// order with its reports. <paramref name="Lapsed"/>: the holder's earlier share had lapsed, and the
/// share is now only what was granted.
/// </summary>
internal sealed record QuotaLease(
    DateOnly Month, long GrantedCalls, long GrantedSpendCents, bool Lapsed, DateTimeOffset ExpiresAt, UserQuota? Limits);

/// <summary>
/// A lease is decided under the lock of the user's month row, so concurrent renewals by any number of
/// holders see each other's shares: what is used plus what every live lease holds never exceeds the limits.
/// A lowered limit shrinks the holder's share at its next renewal.
/// </summary>
internal sealed class QuotaLeaseBook(UsersDbContext db, UserManager users, TimeProvider clock, IOptions<QuotaOptions> options)
{
    /// <summary>
    /// Asks for <paramref name="moreCalls"/> more calls and <paramref name="moreSpendCents"/> more spend of the
    /// user's month for <paramref name="holder"/> (one process), as far as the limits allow with what is used and
    /// what other holders hold. An allowance not reported or renewed within the lease time lapses.
    /// </summary>
    public async Task<QuotaLease> RenewAsync(Guid holder, Guid userId, long moreCalls, long moreSpendCents, CancellationToken cancellationToken)
    {
        var month = users.CurrentMonth();
        var limits = await users.GetLimitsAsync(userId, cancellationToken);
        if (limits is null)
        {
            return new QuotaLease(month, 0, 0, false, DateTimeOffset.MinValue, null);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var expiresAt = now.AddSeconds(options.Value.LeaseSeconds);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var used = await QuotaLeaseStatements.LockMonthAsync(db, userId, month, cancellationToken);
            var leases = await db.QuotaLeases.AsNoTracking()
                .Where(l => l.UserId == userId && l.Month == month)
                .ToListAsync(cancellationToken);
            var live = leases.Where(l => l.ExpiresAt > now).ToList();
            var mine = live.Find(l => l.Holder == holder);
            var others = live.Where(l => l.Holder != holder).ToList();
            var (callsBefore, spendBefore) = (mine?.Calls ?? 0, mine?.SpendCents ?? 0);
            var calls = Math.Min(callsBefore + moreCalls,
                Math.Max(0, limits.CallsPerMonth - used.Calls - others.Sum(l => l.Calls)));
            var spend = Math.Min(spendBefore + moreSpendCents,
                Math.Max(0, limits.MonthlySpendLimitCents - used.SpendCents - others.Sum(l => l.SpendCents)));
            var lapsed = mine is null && leases.Exists(l => l.Holder == holder);
            await QuotaLeaseStatements.SaveLeaseAsync(db, userId, month, holder, calls, spend, expiresAt, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new QuotaLease(month, calls - callsBefore, spend - spendBefore, lapsed, expiresAt, limits);
        });
    }

    /// <summary>Gives back <paramref name="calls"/> and <paramref name="spendCents"/> of the holder's share, which it will not use.</summary>
    public Task ShrinkAsync(Guid holder, Guid userId, DateOnly month, long calls, long spendCents, CancellationToken ct) =>
        QuotaLeaseStatements.ShrinkAsync(db, userId, month, holder, calls, spendCents, ct);
}
