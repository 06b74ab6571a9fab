namespace AgentMarketplace.Users.Persistence;

internal sealed class User
{
    public Guid Id { get; init; }
    public required string Email { get; set; }
    /// <summary>Lower-cased, NFC-normalised email: the unique, case-insensitive identity.</summary>
    public required string NormalizedEmail { get; set; }
    public required string DisplayName { get; set; }
    public required string PasswordHash { get; set; }
    public List<string> Roles { get; set; } = [];
    public string? PublisherName { get; set; }
    public string? NormalizedPublisherName { get; set; }
    public string? PayoutEmail { get; set; }
    public UserPreferences Preferences { get; set; } = new();
    public required string Plan { get; set; }
    public int? RequestsPerMinuteOverride { get; set; }
    public long? CallsPerMonthOverride { get; set; }
    public long? MonthlySpendLimitCentsOverride { get; set; }
    public int FailedLoginCount { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

internal sealed class UserPreferences
{
    public string? DefaultEnvironment { get; set; }
    public List<string> FavoriteCategories { get; set; } = [];
    public bool NotifyOnInvoice { get; set; } = true;
}
