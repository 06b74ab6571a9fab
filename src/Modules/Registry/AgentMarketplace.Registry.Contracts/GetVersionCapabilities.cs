using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// What the given agent versions declare they can do, as their publishers registered it: for whoever runs
/// them (a deployment's owner sees the version it deployed). Versions that do not exist are absent.
/// </summary>
public sealed record GetVersionCapabilities(IReadOnlyList<AgentVersionRef> Versions) : IQuery<IReadOnlyList<VersionCapabilities>>;

public sealed record AgentVersionRef(Guid AgentId, string Version);

/// <summary>A version's capabilities, with the name of its agent.</summary>
public sealed record VersionCapabilities(Guid AgentId, string Version, string AgentName, IReadOnlyList<CapabilitySpec> Capabilities);

/// <summary>A capability with the JSON text of its input and output schemas.</summary>
public sealed record CapabilitySpec(string Name, string Description, string InputSchema, string OutputSchema);
