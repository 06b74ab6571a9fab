using AgentMarketplace.BuildingBlocks.Security;
using AgentMarketplace.BuildingBlocks.Validation;
using AgentMarketplace.Users.Contracts;
using AgentMarketplace.Users.Persistence;

namespace AgentMarketplace.Users.Endpoints;

// What leaves the module over HTTP. Built from entities here so no hash ever reaches a response.

internal sealed record UserSummary(Guid Id, string Email, string DisplayName, [property: OneOf(typeof(Roles))] IReadOnlyList<string> Roles)
{
    public static UserSummary From(User user) => new(user.Id, user.Email, user.DisplayName, user.Roles);
}

internal sealed record PublisherProfile(string PublisherName, string? PayoutEmail);

internal sealed record UserProfile(
    Guid Id, string Email, string DisplayName, [property: OneOf(typeof(Roles))] IReadOnlyList<string> Roles, PreferencesView Preferences,
    DateTimeOffset CreatedAt, PublisherProfile? Publisher)
{
    public static UserProfile From(User user) => new(
        user.Id, user.Email, user.DisplayName, user.Roles, PreferencesView.From(user.Preferences), user.CreatedAt,
        user.PublisherName is null ? null : new PublisherProfile(user.PublisherName, user.PayoutEmail));
}

internal sealed record PreferencesView(string? DefaultEnvironment, IReadOnlyList<string> FavoriteCategories, bool NotifyOnInvoice)
{
    public static PreferencesView From(UserPreferences p) => new(p.DefaultEnvironment, p.FavoriteCategories, p.NotifyOnInvoice);
}

internal sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn);

internal sealed record ApiKeyCreatedResponse(Guid Id, string Name, string Key, string Prefix, DateTimeOffset CreatedAt);

internal sealed record ApiKeyView(Guid Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyView From(ApiKey key) => new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.RevokedAt);
}

internal sealed record QuotaLimits(int RequestsPerMinute, long CallsPerMonth, long MonthlySpendLimitCents);

internal sealed record QuotaUsed(long CallsThisMonth, long SpendThisMonthCents);

internal sealed record QuotaView(string Plan, QuotaLimits Limits, QuotaUsed Used, QuotaUsed Remaining)
{
    public static QuotaView From(UserQuota q) => new(
        q.Plan,
        new QuotaLimits(q.RequestsPerMinute, q.CallsPerMonth, q.MonthlySpendLimitCents),
        new QuotaUsed(q.CallsThisMonth, q.SpendThisMonthCents),
        new QuotaUsed(
            Math.Max(0, q.CallsPerMonth - q.CallsThisMonth),
            Math.Max(0, q.MonthlySpendLimitCents - q.SpendThisMonthCents)));
}
