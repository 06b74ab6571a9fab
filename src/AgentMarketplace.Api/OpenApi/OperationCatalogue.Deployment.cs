namespace AgentMarketplace.Api.OpenApi;

internal static partial class OperationCatalogue
{
    private static Dictionary<string, OperationDoc> Deployment() => new()
    {
        ["CreateDeployment"] = new("Deploys an agent version for the caller into an environment (default version: the latest verified). " +
            "The agent must be visible and the version verified and not deprecated (409 otherwise). Deploying is free; calls are " +
            "billed at the listing's price.")
        {
            Errors = [409],
            Request = """{"agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","environment":"production"}""",
            Response = """{"id":"3b241101-e2bb-4255-8caf-4136c566a962","agentId":"0f8fad5b-d9cb-469f-a165-70867728950e","agentSlug":"text-tools","version":"1.0.0","environment":"production","revision":1,"status":"healthy","runtime":"remote","invokeUrl":"/api/v1/deployments/3b241101-e2bb-4255-8caf-4136c566a962/invoke","config":{},"updateAvailable":false,"latestVersion":"1.0.0","lastHealthError":null,"createdAt":"2026-05-01T12:00:00Z","updatedAt":"2026-05-01T12:00:00Z","autoUpdate":"none","updateBreaking":false,"versionStatus":"verified","drifted":false,"driftReason":null}""",
        },
        ["ListDeployments"] = new("The caller's deployments, newest first."),
        ["GetDeployment"] = new("One of the caller's deployments, with `updateAvailable` when a newer verified version exists. " +
            "Another user's deployment is 404."),
        ["UpdateDeployment"] = new("Moves the deployment to a new revision (a version and/or config), live only if its health check " +
            "passes; a failed check keeps the old revision and answers `rolledBack: true` with the reason. A stopped deployment is 409.")
        {
            Errors = [409],
            Request = """{"version":"1.1.0"}""",
        },
        ["ChangeDeployment"] = new("Changes what the deployment keeps across revisions: `autoUpdate` `none` or `compatible`. Opting in " +
            "looks for a compatible version at once, and rolls it out through the health-checked update. A stopped deployment is 409; " +
            "another user's is 404.")
        {
            Errors = [409],
            Request = """{"autoUpdate":"compatible"}""",
        },
        ["RollbackDeployment"] = new("Makes the previous healthy revision live again (409 when there is none, or the deployment is stopped).")
        {
            Errors = [409],
        },
        ["MonitorDeployment"] = new("Health, requests, errors, error rate, latency percentiles (p50, p95, p99) and recent errors of the " +
            "caller's deployment."),
        ["StopDeployment"] = new("Stops the deployment: it can no longer be invoked; usage so far is still billed."),
        ["InvokeDeployment"] = new("Calls a capability of the deployed agent through the gateway. The input is checked against the " +
            "capability's input schema (400), the call counts against the caller's quota (429 with `Retry-After` per minute or " +
            "per month) and spend limit (402), and the most it can cost is reserved before the agent runs. Billed at the listing's " +
            "price: `usage.units` are the units metered. An agent failure is 502, a timeout 504; a stopped deployment is 409, an " +
            "open circuit 503.")
        {
            Errors = [402, 409, 429, 502, 503, 504],
            Request = """{"capability":"word-count","input":{"text":"one two three"}}""",
            Response = """{"output":{"words":3},"usage":{"units":1},"latencyMs":14}""",
        },
    };
}
