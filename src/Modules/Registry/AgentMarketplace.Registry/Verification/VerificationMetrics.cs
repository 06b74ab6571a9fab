using System.Diagnostics.Metrics;

namespace AgentMarketplace.Registry.Verification;

internal sealed class VerificationMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _results = meters.Create("AgentMarketplace.Registry")
        .CreateCounter<long>("agentmarketplace.verification.results", description: "Version verifications, by outcome.");

    public void Verified(string status) => _results.Add(1, new KeyValuePair<string, object?>("status", status));
}
