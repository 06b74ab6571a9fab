using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Users;

internal sealed class JwtOptions
{
    public const string SectionName = "Jwt";

    [Required] public string Issuer { get; set; } = "agent-marketplace";
    [Required] public string Audience { get; set; } = "agent-marketplace";

    /// <summary>HMAC-SHA256 key, at least 32 bytes. Generated and kept under the data folder in Development.</summary>
    public string? SigningKey { get; set; }

    [Range(1, 24 * 60)] public int AccessTokenMinutes { get; set; } = 60;
}

internal sealed class UsersOptions
{
    public const string SectionName = "Users";

    /// <summary>How long another instance may act on a user's old roles or limits, or on a revoked key; 0 turns the cache off.</summary>
    [Range(0, 300)] public int CacheSeconds { get; set; } = 5;
}

internal sealed class LoginProtectionOptions
{
    public const string SectionName = "Users:Login";

    [Range(1, 1000)] public int MaxFailedAttempts { get; set; } = 10;
    [Range(1, 24 * 60)] public int LockoutMinutes { get; set; } = 15;
    [Range(1, 100_000)] public int PerAddressPerMinute { get; set; } = 30;
    [Range(1, 100_000)] public int PerAccountPerMinute { get; set; } = 15;
}

/// <summary>Sign-ups per client address: each costs a password hash, and throwaway accounts are how ratings get gamed.</summary>
internal sealed class RegistrationProtectionOptions
{
    public const string SectionName = "Users:Registration";

    [Range(1, 1_000_000)] public int PerAddressPerHour { get; set; } = 20;
}

internal sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    [Required] public string DefaultPlan { get; set; } = "free";

    /// <summary>
    /// How long a gateway instance's share of a user's month (its quota lease) counts against the limits
    /// without being used or renewed; a share left by an instance that died is free again after this.
    /// </summary>
    [Range(1, 3600)] public int LeaseSeconds { get; set; } = 10;

    /// <summary>Plan name → limits. Configuration adds plans; the defaults keep a fresh install usable.</summary>
    public Dictionary<string, PlanLimits> Plans { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public PlanLimits LimitsFor(string plan) => Plans.TryGetValue(plan, out var limits) ? limits : Plans[DefaultPlan];
}

internal sealed class PlanLimits
{
    /// <summary>
    /// The highest monthly call or spend limit (10^15): with every lease and use added, sums stay far
    /// inside PostgreSQL's bigint, so no amount near a limit can overflow.
    /// </summary>
    public const long MaxLimit = 1_000_000_000_000_000;

    [Range(1, int.MaxValue)] public int RequestsPerMinute { get; set; }
    [Range(0, MaxLimit)] public long CallsPerMonth { get; set; }
    [Range(0, MaxLimit)] public long MonthlySpendLimitCents { get; set; }
}

internal sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string AdminDisplayName { get; set; } = "Administrator";
}
