namespace AgentMarketplace.AgentProtocol;

/// <summary>The wire protocols a deployable agent may speak (see the agent protocols in API.md).</summary>
public static class AgentProtocols
{
    /// <summary>`GET {endpoint}/health`, `POST {endpoint}/invoke` with `{capability, input}`.</summary>
    public const string HttpJson = "http-json";

    /// <summary>A2A JSON-RPC 2.0 at the agent's URL: `message/send` (0.3) or `SendMessage` (1.0).</summary>
    public const string A2A = "a2a";

    /// <summary>An MCP server's Streamable HTTP endpoint: each capability is a tool, called with `tools/call`.</summary>
    public const string Mcp = "mcp";

    public static readonly IReadOnlyList<string> All = [HttpJson, A2A, Mcp];

    /// <summary>A2A 0.3: what an a2a version speaks when it names no version.</summary>
    public const string A2AV03 = "0.3";

    /// <summary>A2A 1.0: `SendMessage` with the `A2A-Version: 1.0` header.</summary>
    public const string A2AV10 = "1.0";

    public static readonly IReadOnlyList<string> A2AVersions = [A2AV03, A2AV10];

    /// <summary>The binding for A2A 1.0; A2A 0.3 keeps the plain <see cref="A2A"/> it was stored under before 1.0 existed.</summary>
    public const string A2AV10Binding = "a2a/1.0";

    /// <summary>
    /// The adapter a version is spoken through: its protocol, qualified by the A2A version where that
    /// changes the wire. What <see cref="AgentClient"/> takes and what a deployment revision stores.
    /// </summary>
    public static string Binding(string protocol, string? protocolVersion) =>
        protocol == A2A && protocolVersion == A2AV10 ? A2AV10Binding : protocol;

    /// <summary>"1.0.1" → "1.0", "0.3.0" → "0.3"; null for a version the platform does not speak.</summary>
    public static string? SupportedA2AVersion(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return null;
        }

        var parts = version.Trim().Split('.');
        var majorMinor = parts.Length >= 2 ? $"{parts[0]}.{parts[1]}" : parts[0];
        return A2AVersions.Contains(majorMinor) ? majorMinor : null;
    }
}
