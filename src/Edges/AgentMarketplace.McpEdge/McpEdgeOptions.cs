using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.McpEdge;

internal sealed class McpEdgeOptions
{
    public const string SectionName = "McpEdge";

    /// <summary>
    /// The marketplace's reverse-DNS namespace in the MCP ecosystem: its servers are named `{Namespace}/{slug}`,
    /// its facts travel under `{Namespace}/…` keys of `_meta`.
    /// </summary>
    [Required, RegularExpression("^[a-zA-Z0-9.-]{1,100}$")]
    public string Namespace { get; set; } = "io.agentmarketplace";

    /// <summary>
    /// The absolute URL clients reach this service at: the registry's remotes point at `{PublicBaseUrl}/mcp`.
    /// Unset: the scheme and host of the request that reads the registry.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; set; }

    /// <summary>How many tools one page of `tools/list` holds.</summary>
    [Range(1, 1000)]
    public int ToolsPerPage { get; set; } = 100;
}
