namespace AgentMarketplace.AgentProtocol;

/// <summary>The wire protocols a deployable agent may speak (see the agent protocol in API.md).</summary>
public static class AgentProtocols
{
    /// <summary>`GET {endpoint}/health`, `POST {endpoint}/invoke` with `{capability, input}`.</summary>
    public const string HttpJson = "http-json";

    /// <summary>A2A JSON-RPC 2.0 `message/send` at the agent card's `url`.</summary>
    public const string A2A = "a2a";

    public static readonly IReadOnlyList<string> All = [HttpJson, A2A];
}
