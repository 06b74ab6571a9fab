using AgentMarketplace.SampleAgent.Skills;

namespace AgentMarketplace.SampleAgent.Faults;

/// <summary>
/// The test-control plane's switches: they let a marketplace's tests watch health checks, output
/// validation and timeouts fail against a real agent. Immutable, so a change swaps in whole.
/// </summary>
internal sealed record FaultSettings
{
    /// <summary>Long enough for any timeout test; short enough that a typo cannot hang a caller for hours.</summary>
    public const int MaxDelayMs = 300_000;

    /// <summary>Makes <c>GET /health</c> answer 503.</summary>
    public bool Unhealthy { get; init; }

    /// <summary>Capabilities whose output breaks their own output schema, on every protocol.</summary>
    public IReadOnlyList<string> BrokenCapabilities { get; init; } = [];

    /// <summary>Milliseconds every <c>/invoke</c> and <c>/a2a</c> answer and every MCP <c>tools/call</c> waits.</summary>
    public int DelayMs { get; init; }

    public bool IsBroken(string capability) => BrokenCapabilities.Contains(capability);

    /// <summary>Why these settings cannot be applied, or null.</summary>
    public string? Problem()
    {
        if (DelayMs is < 0 or > MaxDelayMs)
        {
            return $"`delayMs` must be from 0 to {MaxDelayMs}.";
        }

        // Null can still arrive as a list element: JSON has no way to say the elements are non-nullable.
        return BrokenCapabilities.Any(capability => capability is null || SkillCatalog.Find(capability) is null)
            ? $"`brokenCapabilities` may only name this agent's capabilities: {string.Join(", ", SkillCatalog.Ids)}."
            : null;
    }
}
