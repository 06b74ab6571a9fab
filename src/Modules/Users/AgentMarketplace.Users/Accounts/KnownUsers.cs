using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Users.Accounts;

/// <summary>A user as every authenticated request needs them: who, which roles, which limits.</summary>
internal sealed record KnownUser(Guid Id, string Email, IReadOnlyList<string> Roles, UserQuota Limits);

/// <summary>
/// The users and API keys that requests present, kept for <see cref="UsersOptions.CacheSeconds"/> so that
/// an agent call does not pay a database round trip to learn who is calling and within which limits.
/// Whatever changes a user (roles, plan, limits) or revokes a key here forgets it at once, so on this
/// instance a change holds from the next request; other instances follow within the cache lifetime.
/// </summary>
internal sealed class KnownUsers(IOptions<UsersOptions> options, IOptions<QuotaOptions> quotas, TimeProvider clock)
{
    private readonly ShortLivedCache<Guid, KnownUser> _users = new(TimeSpan.FromSeconds(options.Value.CacheSeconds), clock);
    private readonly ShortLivedCache<string, ApiKeyOwner> _keys = new(TimeSpan.FromSeconds(options.Value.CacheSeconds), clock);

    public ValueTask<KnownUser?> FindAsync(UsersDbContext db, Guid userId, CancellationToken ct) =>
        _users.GetOrLoadAsync(userId, token => LoadAsync(db, userId, token), ct);

    /// <summary>The owner of an active (not revoked) key, by the key's hash.</summary>
    public async ValueTask<KnownUser?> FindByApiKeyAsync(UsersDbContext db, string keyHash, CancellationToken ct)
    {
        var key = await _keys.GetOrLoadAsync(keyHash, token => db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == keyHash && k.RevokedAt == null)
            .Select(k => new ApiKeyOwner(k.Id, k.UserId))
            .FirstOrDefaultAsync(token), ct);
        return key is null ? null : await FindAsync(db, key.UserId, ct);
    }

    public void UserChanged(Guid userId) => _users.Forget(userId);

    public void KeyRevoked(Guid keyId) => _keys.ForgetWhere(key => key.KeyId == keyId);

    private async Task<KnownUser?> LoadAsync(UsersDbContext db, Guid userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.Roles, u.Plan, u.RequestsPerMinuteOverride, u.CallsPerMonthOverride, u.MonthlySpendLimitCentsOverride })
            .FirstOrDefaultAsync(ct);
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

    private sealed record ApiKeyOwner(Guid KeyId, Guid UserId);
}
