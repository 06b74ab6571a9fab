using System.Diagnostics.Metrics;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>
/// The Deployment module's meters, exported on /metrics with everything under "AgentMarketplace.*".
/// One process-wide meter (not one per DI container): listeners are process-wide, and two
/// same-named meters in one process would make a provider follow either one's instruments.
/// </summary>
internal sealed class DeploymentMetrics
{
    public const string MeterName = "AgentMarketplace.Deployment";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Invocations =
        Meter.CreateCounter<long>("agentmarketplace.gateway.invocations", description: "Gateway calls that reached an agent, by outcome.");
    private static readonly Histogram<double> Duration =
        Meter.CreateHistogram<double>("agentmarketplace.gateway.duration", unit: "s", description: "Time the agent took, as the gateway saw it.");
    private static readonly Counter<long> UsageEvents =
        Meter.CreateCounter<long>("agentmarketplace.usage.events", description: "Usage events committed for Billing.");
    private static readonly Counter<long> HealthChanges =
        Meter.CreateCounter<long>("agentmarketplace.deployment.health_changes", description: "Deployment status changes seen by the prober, by new status.");

    public void Invoked(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        Invocations.Add(1, tag);
        Duration.Record(duration.TotalSeconds, tag);
    }

    public void UsageRecorded(int count) => UsageEvents.Add(count);

    public void HealthChanged(string to) => HealthChanges.Add(1, new KeyValuePair<string, object?>("status", to));
}
