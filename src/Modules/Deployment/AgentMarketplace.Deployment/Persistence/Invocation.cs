namespace AgentMarketplace.Deployment.Persistence;

internal static class InvocationOutcome
{
    public const string Success = "success";
    public const string AgentError = "agent_error";
    public const string Timeout = "timeout";
    public const string CircuitOpen = "circuit_open";
}

/// <summary>One call through the gateway: what monitoring is computed from. No inputs or outputs are kept.</summary>
internal sealed class Invocation
{
    public long Id { get; init; }
    public Guid DeploymentId { get; init; }
    public required string Capability { get; init; }
    /// <summary>The version the call went to (null for calls recorded before it was kept).</summary>
    public string? Version { get; init; }
    public required string Outcome { get; init; }
    /// <summary>The status the gateway answered with (200, 502, 503, 504).</summary>
    public int Status { get; init; }
    public int LatencyMs { get; init; }
    /// <summary>The units the call was charged for.</summary>
    public long Units { get; init; }
    /// <summary>What the agent claimed, when it claimed more than the call was charged for (capped); else null.</summary>
    public long? ClaimedUnits { get; init; }
    /// <summary>A sanitized summary (<see cref="AgentProtocol.AgentCallResult.SafeSummary"/>), never agent output.</summary>
    public string? Error { get; init; }
    public DateTimeOffset OccurredAt { get; init; }
}
