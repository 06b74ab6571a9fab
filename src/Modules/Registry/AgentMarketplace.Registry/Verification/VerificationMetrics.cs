using System.Diagnostics.Metrics;

namespace AgentMarketplace.Registry.Verification;

/// <summary>Verification outcomes on /metrics; one process-wide meter, as in DeploymentMetrics.</summary>
internal sealed class VerificationMetrics
{
    private static readonly Meter Meter = new("AgentMarketplace.Registry");
    private static readonly Counter<long> Results =
        Meter.CreateCounter<long>("agentmarketplace.verification.results", description: "Version verifications, by outcome.");

    public void Verified(string status) => Results.Add(1, new KeyValuePair<string, object?>("status", status));
}
