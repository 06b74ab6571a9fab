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
/// an agent call does not pay database round trips to learn who is calling and within which limits.
/// Whatever changes a user (roles, plan, limits) or revokes a key announces it to every instance
/// (<see cref="CacheInvalidation"/>), so a revoked key gets 401 at once everywhere; while announcements
/// cannot be received, nothing is served from the cache.
/// </summary>
internal sealed class KnownUsers
{
    private const string UserTopic = "users.user";
    private const string KeyTopic = "users.api-key";

    private readonly IOptions<QuotaOptions> _quotas;
    private readonly CacheInvalidation _invalidation;
    private readonly ShortLivedCache<Guid, KnownUser> _users;
    private readonly ShortLivedCache<string, ApiKeyOwner> _keys;

    public KnownUsers(IOptions<UsersOptions> options, IOptions<QuotaOptions> quotas, CacheInvalidation invalidation, TimeProvider clock)
    {
        _quotas = quotas;
        _invalidation = invalidation;
        var lifetime = TimeSpan.FromSeconds(options.Value.CacheSeconds);
        _users = new ShortLivedCache<Guid, KnownUser>(lifetime, clock).ObeyInvalidation(invalidation, UserTopic, Guid.Parse);
        _keys = new ShortLivedCache<string, ApiKeyOwner>(lifetime, clock).ObeyInvalidation(invalidation, KeyTopic, hash => hash);
    }

    public ValueTask<KnownUser?> FindAsync(UsersDbContext db, Guid userId, CancellationToken ct) =>
        _users.GetOrLoadAsync(userId, async token => Known(await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new StoredUser(u.Id, u.Email, u.Roles, u.Plan, u.RequestsPerMinuteOverride, u.CallsPerMonthOverride, u.MonthlySpendLimitCentsOverride))
            .FirstOrDefaultAsync(token)), ct);

    /// <summary>The owner of an active (not revoked) key, by the key's hash.</summary>
    public async Task<KnownUser?> FindByApiKeyAsync(UsersDbContext db, string keyHash, CancellationToken ct)
    {
        var key = await _keys.GetOrLoadAsync(keyHash, token => db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == keyHash && k.RevokedAt == null)
            .Select(k => new ApiKeyOwner(k.UserId))
            .FirstOrDefaultAsync(token), ct);
        return key is null ? null : await FindAsync(db, key.UserId, ct);
    }

    public Task UserChangedAsync(UsersDbContext db, Guid userId, CancellationToken ct) =>
        _invalidation.AnnounceAsync(db, UserTopic, userId.ToString(), ct);

    public Task KeyRevokedAsync(UsersDbContext db, string keyHash, CancellationToken ct) =>
        _invalidation.AnnounceAsync(db, KeyTopic, keyHash, ct);

    private KnownUser? Known(StoredUser? user)
    {
        if (user is null)
        {
            return null;
        }

        var plan = _quotas.Value.LimitsFor(user.Plan);
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

    private sealed record ApiKeyOwner(Guid UserId);

    private sealed record StoredUser(
        Guid Id, string Email, List<string> Roles, string Plan, int? RequestsPerMinuteOverride, long? CallsPerMonthOverride, long? MonthlySpendLimitCentsOverride);
}
