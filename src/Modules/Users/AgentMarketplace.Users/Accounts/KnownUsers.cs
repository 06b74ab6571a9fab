using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Accounts;

/// <summary>A user as every authenticated request needs them: who, which roles, which limits.</summary>
internal sealed record KnownUser(Guid Id, string Email, IReadOnlyList<string> Roles, UserQuota Limits);

/// <summary>
/// The users that requests present, kept for <see cref="UsersOptions.CacheSeconds"/> so that an agent
/// call does not pay a database round trip to learn the caller's roles and limits. Whatever changes a
/// user here (roles, plan, limits) forgets it at once, so on this instance a change holds from the
/// next request; other instances follow within the cache lifetime. API keys are not cached: a revoked
/// key is refused at once on every instance, so the key is looked up (with its user) on every request.
/// </summary>
internal sealed class KnownUsers(IOptions<UsersOptions> options, IOptions<QuotaOptions> quotas, TimeProvider clock)
{
    private readonly ShortLivedCache<Guid, KnownUser> _users = new(TimeSpan.FromSeconds(options.Value.CacheSeconds), clock);

    public ValueTask<KnownUser?> FindAsync(UsersDbContext db, Guid userId, CancellationToken ct) =>
        _users.GetOrLoadAsync(userId, async token => Known(await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new StoredUser(u.Id, u.Email, u.Roles, u.Plan, u.RequestsPerMinuteOverride, u.CallsPerMonthOverride, u.MonthlySpendLimitCentsOverride))
            .FirstOrDefaultAsync(token)), ct);

    /// <summary>The owner of an active (not revoked) key, by the key's hash: one query, never cached.</summary>
    public async Task<KnownUser?> FindByApiKeyAsync(UsersDbContext db, string keyHash, CancellationToken ct) =>
        Known(await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == keyHash && k.RevokedAt == null)
            .Join(db.Users, k => k.UserId, u => u.Id, (_, u) =>
                new StoredUser(u.Id, u.Email, u.Roles, u.Plan, u.RequestsPerMinuteOverride, u.CallsPerMonthOverride, u.MonthlySpendLimitCentsOverride))
            .FirstOrDefaultAsync(ct));

    public void UserChanged(Guid userId) => _users.Forget(userId);

    private KnownUser? Known(StoredUser? user)
    {
        if (user is null)
        {
            return null;
        }

        var plan = quotas.Value.LimitsFor(user.Plan);
        var limits = new UserQuota(
            user.Id,
            user.Plan,
            user.RequestsPerMinuteOverride ?? plan.RequestsPerMinute,
            user.CallsPerMonthOverride ?? plan.CallsPerMonth,
            user.MonthlySpendLimitCentsOverride ?? plan.MonthlySpendLimitCents,
            0,
            0);
        return new KnownUser(user.Id, user.Email, user.Roles, limits);
    }

    private sealed record StoredUser(
        Guid Id, string Email, List<string> Roles, string Plan, int? RequestsPerMinuteOverride, long? CallsPerMonthOverride, long? MonthlySpendLimitCentsOverride);
}
