using Mediator;

namespace AgentMarketplace.Registry.Contracts;

/// <summary>
/// The catalogue as anyone may read it: every verified version of every agent that has one, whatever protocol
/// it speaks, a page at a time in a stable order (agent, then version, oldest first). <paramref name="Search"/>
/// matches a substring of the agent's name, slug or description, case-insensitively; <paramref name="UpdatedSince"/>
/// keeps the agents changed since (see <see cref="PublicAgentVersion.UpdatedAt"/>); <paramref name="LatestOnly"/>
/// keeps each agent's latest version alone, <paramref name="Version"/> the versions with that number.
/// </summary>
public sealed record ListPublicAgentVersions(
    string? Search, DateTimeOffset? UpdatedSince, bool LatestOnly, string? Version, PublicVersionPosition? After, int Limit)
    : IQuery<PublicAgentVersionPage>;

/// <summary>
/// Every verified version of one public agent, newest first: the agent with <paramref name="Slug"/>, or the one
/// that holds <paramref name="ImportedName"/> (see <see cref="ImportedMcpServer.HoldsName"/>). Empty when there is none.
/// </summary>
public sealed record GetPublicAgentVersions(string? Slug, string? ImportedName) : IQuery<IReadOnlyList<PublicAgentVersion>>;

/// <summary>Where a page ended: the next page starts after this version of this agent.</summary>
public sealed record PublicVersionPosition(Guid AgentId, Guid VersionId);

public sealed record PublicAgentVersionPage(IReadOnlyList<PublicAgentVersion> Items, PublicVersionPosition? Next);

/// <summary>
/// One verified version of a public agent. <paramref name="IsLatest"/>: the agent's latest deployable version
/// (highest verified, non-deprecated, non-pre-release), or its highest verified one when it has none.
/// <paramref name="UpdatedAt"/>: the latest change to the agent or to any of its versions (created, verified,
/// deprecated), shared by all its versions, since one version's change can change another's "latest".
/// </summary>
public sealed record PublicAgentVersion(
    Guid AgentId, string Slug, string Name, string Description, ImportedMcpServer? ImportedServer,
    Guid VersionId, string Version, string Protocol, bool IsLatest, bool Deprecated, string? DeprecationReason,
    DateTimeOffset? VerifiedAt, DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What an agent imported from an MCP Registry server.json kept. Several agents may import servers of the same
/// name; <paramref name="HoldsName"/> is true for the first of them alone, whose name it stays.
/// </summary>
public sealed record ImportedMcpServer(string Name, bool HoldsName, string? Title, string? WebsiteUrl, McpServerRepository? Repository);

public sealed record McpServerRepository(string? Url, string? Source, string? Subfolder, string? Id);
