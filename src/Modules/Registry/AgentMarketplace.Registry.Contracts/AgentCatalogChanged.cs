using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// Something the catalog shows about an agent changed: its metadata, or which version is its latest
/// deployable one (verification, deprecation). Raised after commit; <paramref name="ChangedAt"/> lets
/// a subscriber ignore a snapshot older than one it already has.
/// </summary>
public sealed record AgentCatalogChanged(AgentSummaryAnswer Agent, DateTimeOffset ChangedAt) : INotification;
