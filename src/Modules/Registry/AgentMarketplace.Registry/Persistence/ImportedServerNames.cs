using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentMarketplace.Registry.Persistence;

/// <summary>
/// Which agent holds an imported MCP server name: several agents may import servers of the same name, and
/// the first of them (oldest, then lowest id) keeps it. Read from the stored server.json (<see cref="Agent.McpServer"/>).
/// </summary>
internal static class ImportedServerNames
{
    /// <summary>The holder of each of <paramref name="names"/> that an agent imported.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> HoldersAsync(RegistryDbContext db, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return new Dictionary<string, Guid>();
        }

        var wanted = names.ToArray();
        var holders = await db.Database.SqlQueryRaw<NameHolder>("""
            SELECT DISTINCT ON (mcp_server->>'name') mcp_server->>'name' AS name, id AS agent_id
              FROM registry.agents
             WHERE mcp_server->>'name' = ANY(@names)
             ORDER BY mcp_server->>'name', created_at, id
            """, new NpgsqlParameter("names", wanted)).ToListAsync(ct);
        return holders.ToDictionary(h => h.Name, h => h.AgentId, StringComparer.Ordinal);
    }

    /// <summary>A row of the query (columns named as the model names them: snake_case).</summary>
    internal sealed class NameHolder
    {
        public required string Name { get; init; }
        public Guid AgentId { get; init; }
    }
}
