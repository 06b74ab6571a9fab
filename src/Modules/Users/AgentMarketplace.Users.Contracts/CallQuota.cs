using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>
/// Admits one call against the caller's monthly call quota and spend limit, reserving
/// <paramref name="ReserveCents"/> (the most the call can cost). Decided in memory, from this process's
/// leased share of the caller's month, so a call pays no database round trip; only a share that runs out
/// is renewed, for more calls each time while calls keep coming (docs/adr/0002-quota-leases.md). An
/// admitted call is then recorded (its <see cref="QuotaUse"/> in <see cref="RecordQuotaUse"/>, then
/// <see cref="SettleQuotaUse"/>) or given back (<see cref="GiveBackCall"/>).
/// </summary>
public sealed record AdmitCall(Guid UserId, long ReserveCents) : ICommand<CallAdmission>;

public enum CallAdmissionOutcome
{
    Admitted,
    CallsExhausted,
    SpendExhausted,
    UnknownUser,
}

/// <summary>The outcome, the month the call counts in, and the caller's limits as last read.</summary>
public sealed record CallAdmission(CallAdmissionOutcome Outcome, DateOnly Month, UserQuota? Limits);

/// <summary>An admitted call that did not happen (refused by the rate limit, failed, or not recorded): it is admitted again.</summary>
public sealed record GiveBackCall(Guid UserId, DateOnly Month, long ReservedCents) : ICommand;

/// <summary>
/// The batch that carried <paramref name="Uses"/> (<see cref="RecordQuotaUse"/>) has ended: committed
/// (<paramref name="Recorded"/>), the calls now count as used and leave this process's share, as they
/// left its lease; not committed, they are given back.
/// </summary>
public sealed record SettleQuotaUse(IReadOnlyList<QuotaUse> Uses, bool Recorded) : ICommand;

/// <summary>
/// Admitted calls that happened: each adds to the month's use and leaves this process's lease (the call's
/// reservation leaves it; what it really cost is what is spent).
/// Written before the gateway answers, so the month's use is exact as soon as a caller sees a result.
/// With <paramref name="Batch"/>, the updates are added to it and commit when its owner executes it,
/// together with the owner's other writes; without, they are written now.
/// </summary>
public sealed record RecordQuotaUse(IReadOnlyList<QuotaUse> Uses, WriteBatch? Batch = null) : ICommand;

/// <summary>
/// Calls and spend of a user's month. <paramref name="SpendCents"/>: what they cost, known in advance
/// (per call, per unit); <paramref name="Subscription"/>: units of a subscription, whose cost Users works
/// out from the month's units so far (the fee with the first, then units beyond those included).
/// <paramref name="ReservedCents"/>: what was reserved for them when they were admitted.
/// </summary>
public sealed record QuotaUse(
    Guid UserId, DateOnly Month, long Calls, long SpendCents, long ReservedCents, SubscriptionUse? Subscription = null);

/// <summary>Units of a subscribed agent and its terms, in integer minor units.</summary>
public sealed record SubscriptionUse(Guid AgentId, long Units, long MonthlyFeeCents, long IncludedUnits, long UnitPriceCents);

/// <summary>
/// Usage a publisher reported, to count against its consumers' spend limits: adds to each month's
/// use like <see cref="RecordQuotaUse"/>, but only if what every user then has spent and holds stays
/// within their monthly spend limit. The statements go into <paramref name="Batch"/>, which the sender
/// executes inside its transaction: if any user would pass the limit, execution throws
/// <see cref="BuildingBlocks.Persistence.WriteBatchRefusedException"/> and the sender rolls back.
/// </summary>
public sealed record ChargeReportedUsage(IReadOnlyList<QuotaUse> Uses, WriteBatch Batch) : ICommand;

/// <summary>Whether the user's month of <paramref name="AgentId"/>'s subscription has begun (its fee counted).</summary>
public sealed record IsSubscriptionStarted(Guid UserId, Guid AgentId, DateOnly Month) : IQuery<bool>;
