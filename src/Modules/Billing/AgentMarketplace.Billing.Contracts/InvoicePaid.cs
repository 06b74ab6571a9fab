using Mediator;

namespace AgentMarketplace.Billing.Contracts;

/// <summary>An invoice was paid (raised once, after the settlement committed), with each agent's split.</summary>
public sealed record InvoicePaid(Guid InvoiceId, Guid UserId, DateTimeOffset PaidAt, string Currency, IReadOnlyList<PaidAgentShare> Shares) : INotification;

/// <summary>Gross = platform fee + publisher net, in minor units.</summary>
public sealed record PaidAgentShare(Guid AgentId, Guid PublisherId, long GrossCents, long PlatformFeeCents, long NetCents);
