using AgentMarketplace.BuildingBlocks.Paging;

namespace AgentMarketplace.Registry.Persistence;

internal sealed class Agent : IKeysetRow
{
    public Guid Id { get; init; }
    /// <summary>Lowercase, unique, immutable: the agent's address in URLs and search.</summary>
    public required string Slug { get; init; }
    public required string Name { get; set; }
    public required string Description { get; set; }
    public List<string> Categories { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    /// <summary>JSON (jsonb) <see cref="Mcp.McpServerInfo"/> of an agent imported from an MCP Registry server.json.</summary>
    public string? McpServer { get; set; }
    public Guid OwnerId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public uint RowVersion { get; set; }
    public List<AgentVersion> Versions { get; init; } = [];
}
