using System.Diagnostics.Metrics;

namespace AgentMarketplace.Billing;

/// <summary>The Billing module's meters (one process-wide meter, as in every module).</summary>
internal sealed class BillingMetrics
{
    public const string MeterName = "AgentMarketplace.Billing";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Runs =
        Meter.CreateCounter<long>("agentmarketplace.billing.runs", description: "Billing runs completed.");
    private static readonly Counter<long> Invoices =
        Meter.CreateCounter<long>("agentmarketplace.billing.invoices", description: "Invoices issued by billing runs.");
    private static readonly Counter<long> Payments =
        Meter.CreateCounter<long>("agentmarketplace.billing.payments", description: "Payment attempts, by result.");

    public void RunCompleted(int invoices)
    {
        Runs.Add(1);
        Invoices.Add(invoices);
    }

    public void PaymentFinished(string result) => Payments.Add(1, new KeyValuePair<string, object?>("result", result));
}
