using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>A user's quota limits and this month's use; null when the user does not exist.</summary>
public sealed record GetUserQuota(Guid UserId) : IQuery<UserQuota?>;

public sealed record UserQuota(
    Guid UserId,
    string Plan,
    int RequestsPerMinute,
    long CallsPerMonth,
    long MonthlySpendLimitCents,
    long CallsThisMonth,
    long SpendThisMonthCents);
