using AgentMarketplace.BuildingBlocks.Paging;

namespace AgentMarketplace.Users.Persistence;

internal sealed class ApiKey : IKeysetRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public required string Name { get; init; }
    /// <summary>The first characters of the key, kept so a user can tell keys apart.</summary>
    public required string Prefix { get; init; }
    /// <summary>SHA-256 of the whole key: keys are 256 random bits, so a fast hash is enough.</summary>
    public required string KeyHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}
