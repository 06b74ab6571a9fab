namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> Operations() => new()
    {
        ["ListErrors"] = new("Recorded 5xx answers and agent failures, newest first; filter by module, deployment and time."),
        ["PlatformAnalytics"] = new("Users, agents, deployments, invocations, error rate and revenue per day over a range of days " +
            "(default: the last 30), with the top agents by invocations and by revenue."),
        ["PublisherAnalytics"] = new("The same figures for the caller's own agents."),
    };
}
