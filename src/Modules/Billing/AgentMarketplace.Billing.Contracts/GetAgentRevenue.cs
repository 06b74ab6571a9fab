using Mediator;

namespace AgentMarketplace.Billing.Contracts;

/// <summary>What an agent has earned from paid invoices, from the ledger.</summary>
public sealed record GetAgentRevenue(Guid AgentId) : IQuery<AgentRevenue>;

/// <summary>Gross = platform fee + publisher net, in integer minor units of <paramref name="Currency"/>.</summary>
public sealed record AgentRevenue(long GrossCents, long PlatformFeeCents, long NetCents, string Currency);
