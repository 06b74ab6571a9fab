using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>How many agents exist, have a published version, and have a verified one; of one owner or of all.</summary>
public sealed record CountAgents(Guid? OwnerId) : IQuery<AgentCounts>;

public sealed record AgentCounts(int Registered, int Published, int Verified);
