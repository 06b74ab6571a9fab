using AgentMarketplace.SampleAgent.Faults;

namespace AgentMarketplace.SampleAgent;

/// <summary>The <c>Agent</c> configuration section.</summary>
internal sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>Where callers reach this agent; when unset, the scheme and host of each request.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>The version this agent registers as and announces on its card.</summary>
    public string Version { get; set; } = "1.0.0";

    /// <summary>The fault switches' values at startup.</summary>
    public FaultSettings Faults { get; set; } = new();

    public string PublicBaseUrl(HttpRequest request) =>
        string.IsNullOrWhiteSpace(PublicUrl) ? $"{request.Scheme}://{request.Host}" : PublicUrl.TrimEnd('/');
}
