using System.ComponentModel.DataAnnotations;
using AgentMarketplace.AgentProtocol;

namespace AgentMarketplace.Deployment;

internal sealed class DeploymentOptions
{
    public const string SectionName = "Deployment";

    /// <summary>Unset: allowed only in Development and Testing, like Registry:AllowPrivateEndpoints.</summary>
    public bool? AllowPrivateEndpoints { get; set; }

    /// <summary>Host names the gateway may call on private addresses, like Registry:AllowedPrivateHosts.</summary>
    public string[] AllowedPrivateHosts { get; set; } = [];

    [Range(1, 600)] public int InvokeTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Units reserved against the spend limit for a call to a per_unit agent before it answers (the
    /// real units are settled after); more units than this are still charged.
    /// </summary>
    [Range(1, 1_000_000)] public int ReservedUnitsPerCall { get; set; } = 100;

    /// <summary>How long invocation records (monitoring, statistics) are kept; usage for billing is kept by Billing.</summary>
    [Range(31, 3650)] public int InvocationRetentionDays { get; set; } = 90;

    /// <summary>How many counted calls a version needs in a window before its reliability is shown (null below).</summary>
    [Range(1, 1_000_000)] public int ReliabilityMinimumCalls { get; set; } = 20;

    [Range(1, 120)] public int HealthCheckTimeoutSeconds { get; set; } = 5;

    /// <summary>How often live deployments are probed; unhealthy ones back off up to <see cref="MaxProbeBackoffSeconds"/>.</summary>
    [Range(1, 3600)] public int HealthProbeIntervalSeconds { get; set; } = 30;

    [Range(1, 86_400)] public int MaxProbeBackoffSeconds { get; set; } = 600;

    [Range(1024, 100 * 1024 * 1024)] public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Calls to a deployment stop for <see cref="CircuitBreakSeconds"/> once this many calls in 30 s saw at least half fail.</summary>
    [Range(2, 100_000)] public int CircuitMinimumThroughput { get; set; } = 10;

    [Range(1, 3600)] public int CircuitBreakSeconds { get; set; } = 15;

    public CircuitBreakerSettings CircuitBreaker => new(
        CircuitMinimumThroughput, FailureRatio: 0.5, SamplingDuration: TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(CircuitBreakSeconds));

    /// <summary>Base of the invokeUrl shown to users; relative when unset.</summary>
    public string? PublicBaseUrl { get; set; }
}
