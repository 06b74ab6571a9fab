using System.Text.RegularExpressions;
using AgentMarketplace.AgentProtocol;
using AgentMarketplace.Registry.A2A;
using AgentMarketplace.Registry.Agents;

namespace AgentMarketplace.Registry.Mcp;

/// <summary>
/// Maps a server.json to the agent and first version it describes: the version speaks `mcp` at the first
/// streamable-http remote (its URL template variables filled with their defaults), and its capabilities
/// come from the server's tools when the version is prepared (<see cref="McpToolImport"/>).
/// </summary>
internal static partial class ServerJsonImport
{
    public static CreateAgentRequest Agent(ServerJson server, string? slug, IReadOnlyList<string>? categories) => new(
        slug ?? AgentCardImport.Slugify(server.ShortName),
        (server.Title ?? server.ShortName).Trim(),
        server.Description!.Trim(),
        categories is { Count: > 0 } ? categories.ToList() : ["other"],
        []);

    public static PublishVersionRequest Version(ServerJson server) => new(
        server.Version!.Trim(),
        RemoteUrl(server.StreamableRemote!).Url ?? "",
        AgentProtocols.Mcp,
        $"Imported from the MCP Registry server.json of {server.Name}.",
        Capabilities: null);

    public static McpServerInfo Info(ServerJson server) => new(server.Name!, server.Title, server.WebsiteUrl, server.Repository);

    /// <summary>The remote's URL with each `{variable}` replaced by its default, or why that cannot be done.</summary>
    public static (string? Url, string? Error) RemoteUrl(ServerRemote remote)
    {
        if (string.IsNullOrWhiteSpace(remote.Url))
        {
            return (null, "The streamable-http remote has no 'url'.");
        }

        string? missing = null;
        var url = Variable().Replace(remote.Url, match =>
        {
            var name = match.Groups[1].Value;
            if (remote.Variables?.GetValueOrDefault(name)?.Default is { Length: > 0 } value)
            {
                return Uri.EscapeDataString(value);
            }

            missing ??= name;
            return match.Value;
        });
        if (missing is not null)
        {
            return (null, $"The streamable-http remote's url needs the variable '{missing}', which has no default the platform could use.");
        }

        return EndpointPolicy.CheckUrl(url, allowPrivate: true) is { } reason
            ? (null, $"The streamable-http remote's url {reason}")
            : (url.Trim(), null);
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex Variable();
}
