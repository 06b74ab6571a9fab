using System.Diagnostics.Metrics;

namespace AgentMarketplace.Deployment.Monitoring;

/// <summary>The Deployment module's meters, exported on /metrics with everything under "AgentMarketplace.*".</summary>
internal sealed class DeploymentMetrics
{
    public const string MeterName = "AgentMarketplace.Deployment";

    private readonly Counter<long> _invocations;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _usageEvents;
    private readonly Counter<long> _healthChanges;

    public DeploymentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _invocations = meter.CreateCounter<long>("agentmarketplace.gateway.invocations", description: "Gateway calls that reached an agent, by outcome.");
        _duration = meter.CreateHistogram<double>("agentmarketplace.gateway.duration", unit: "s", description: "Time the agent took, as the gateway saw it.");
        _usageEvents = meter.CreateCounter<long>("agentmarketplace.usage.events", description: "Usage events committed for Billing.");
        _healthChanges = meter.CreateCounter<long>("agentmarketplace.deployment.health_changes", description: "Deployment status changes seen by the prober, by new status.");
    }

    public void Invoked(string outcome, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("outcome", outcome);
        _invocations.Add(1, tag);
        _duration.Record(duration.TotalSeconds, tag);
    }

    public void UsageRecorded(int count) => _usageEvents.Add(count);

    public void HealthChanged(string to) => _healthChanges.Add(1, new KeyValuePair<string, object?>("status", to));
}
