using AgentMarketplace.BuildingBlocks.Persistence;
using Mediator;

namespace AgentMarketplace.Users.Contracts;

/// <summary>
/// Asks for <paramref name="MoreCalls"/> more calls and <paramref name="MoreSpendCents"/> more spend of
/// the user's month for <paramref name="Holder"/> (one gateway instance), as far as the limits allow
/// with what is used and what other holders hold. The holder then admits calls from its allowance in
/// memory and reports their use with <see cref="RecordQuotaUse"/>; an allowance not reported or renewed
/// within the lease time lapses. Atomic per user, so holders together never admit more than the limits.
/// </summary>
public sealed record RenewQuotaLease(Guid Holder, Guid UserId, long MoreCalls, long MoreSpendCents) : ICommand<QuotaLease>;

/// <summary>
/// What the holder's share of the month grew by (<paramref name="GrantedCalls"/>,
/// <paramref name="GrantedSpendCents"/>; negative when a lowered limit shrank it), valid until
/// <paramref name="ExpiresAt"/>, and the user's limits as read for it (the gateway's per-minute limit
/// comes from here; null: no such user). Changes, not totals, so that a holder can apply them in any
/// order with its reports. <paramref name="Lapsed"/>: the holder's earlier share had lapsed, and the
/// share is now only what was granted.
/// </summary>
public sealed record QuotaLease(
    DateOnly Month, long GrantedCalls, long GrantedSpendCents, bool Lapsed, DateTimeOffset ExpiresAt, UserQuota? Limits);

/// <summary>
/// Calls admitted from holders' allowances that happened: each adds to the month's use and leaves the
/// holder's allowance (the call's reservation leaves it; what it really cost is what is spent).
/// Written before the gateway answers, so the month's use is exact as soon as a caller sees a result.
/// With <paramref name="Batch"/>, the updates are added to it and commit when its owner executes it,
/// together with the owner's other writes; without, they are written now.
/// </summary>
public sealed record RecordQuotaUse(Guid Holder, IReadOnlyList<QuotaUse> Uses, WriteBatch? Batch = null) : ICommand;

/// <summary>
/// Calls and spend of a user's month. <paramref name="SpendCents"/>: what they cost, known in advance
/// (per call, per unit); <paramref name="Subscription"/>: units of a subscription, whose cost Users works
/// out from the month's units so far (the fee with the first, then units beyond those included).
/// <paramref name="ReservedCents"/>: what the holder reserved for them before the calls ran.
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

/// <summary>Gives back <paramref name="Calls"/> and <paramref name="SpendCents"/> of the holder's share, which it will not use.</summary>
public sealed record ShrinkQuotaLease(Guid Holder, Guid UserId, DateOnly Month, long Calls, long SpendCents) : ICommand;
