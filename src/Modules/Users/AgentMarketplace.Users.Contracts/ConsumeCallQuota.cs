using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>
/// Admits one call for the user this month, reserving <paramref name="ReserveCents"/> of spend, if both
/// stay within the user's limits; atomic, so concurrent callers can never overshoot a quota.
/// </summary>
public sealed record ConsumeCallQuota(Guid UserId, long ReserveCents) : ICommand<QuotaDecision>;

/// <summary>Gives back a call (and its reservation) admitted by <see cref="ConsumeCallQuota"/> that was not billable.</summary>
public sealed record ReleaseCallQuota(Guid UserId, DateOnly Month, long ReserveCents) : ICommand;

/// <summary>
/// Replaces an admitted call's reservation with what it really cost: the month's spend moves by
/// <paramref name="ActualCents"/> − <paramref name="ReservedCents"/>.
/// </summary>
public sealed record SettleCallSpend(Guid UserId, DateOnly Month, long ReservedCents, long ActualCents) : ICommand;

public enum QuotaOutcome
{
    Admitted,
    CallsExhausted,
    SpendExhausted,
    UnknownUser,
}

/// <summary>The outcome, and the user's limits as read for it (the gateway's per-minute limit comes from here too).</summary>
public sealed record QuotaDecision(QuotaOutcome Outcome, DateOnly Month, int RequestsPerMinute, long CallsPerMonth, long MonthlySpendLimitCents);
