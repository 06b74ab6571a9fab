using AgentMarketplace.BuildingBlocks.Paging;
using AgentMarketplace.BuildingBlocks.Domain;
using AgentMarketplace.Users.Accounts;
using AgentMarketplace.Users.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Users.ApiKeys;

internal sealed record CreatedApiKey(ApiKey Key, string Secret);

internal sealed class ApiKeyService(UsersDbContext db, KnownUsers knownUsers, TimeProvider clock)
{
    public const int MaxActiveKeysPerUser = 25;

    public async Task<Result<CreatedApiKey>> CreateAsync(Guid userId, string name, CancellationToken ct)
    {
        var active = await db.ApiKeys.CountAsync(k => k.UserId == userId && k.RevokedAt == null, ct);
        if (active >= MaxActiveKeysPerUser)
        {
            return DomainError.Conflict($"A user may hold at most {MaxActiveKeysPerUser} active API keys; revoke one first.");
        }

        var secret = ApiKeyFormat.NewKey();
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Name = name.Trim(),
            Prefix = ApiKeyFormat.DisplayPrefix(secret),
            KeyHash = ApiKeyFormat.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return new CreatedApiKey(key, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid userId, PageRequest page, CancellationToken ct)
    {
        return await page.Apply(db.ApiKeys.AsNoTracking().Where(k => k.UserId == userId)).ToListAsync(ct);
    }

    /// <summary>Revokes the caller's own key; someone else's key id is "not found".</summary>
    public async Task<bool> RevokeAsync(Guid userId, Guid keyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var hash = await db.ApiKeys.Where(k => k.Id == keyId && k.UserId == userId).Select(k => k.KeyHash).FirstOrDefaultAsync(ct);
        if (hash is null)
        {
            return false;
        }

        await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(set => set.SetProperty(k => k.RevokedAt, k => k.RevokedAt ?? now), ct);
        await knownUsers.KeyRevokedAsync(db, hash, ct);
        return true;
    }
}
