using System.ComponentModel.DataAnnotations;

namespace AgentMarketplace.Deployment;

internal sealed class DeploymentOptions
{
    public const string SectionName = "Deployment";

    /// <summary>Unset: allowed only in Development and Testing, like Registry:AllowPrivateEndpoints.</summary>
    public bool? AllowPrivateEndpoints { get; set; }

    [Range(1, 600)] public int InvokeTimeoutSeconds { get; set; } = 30;

    [Range(1, 120)] public int HealthCheckTimeoutSeconds { get; set; } = 5;

    [Range(1024, 100 * 1024 * 1024)] public long MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Base of the invokeUrl shown to users; relative when unset.</summary>
    public string? PublicBaseUrl { get; set; }
}
