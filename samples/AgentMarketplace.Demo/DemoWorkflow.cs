using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentMarketplace.Demo;

/// <summary>What the workflow produced, for whoever ran it to check.</summary>
public sealed record DemoOutcome(Guid AgentId, Guid DeploymentId, Guid InvoiceId, long InvoiceTotalCents, string InvoiceStatus, long PublisherNetCents, int ReviewCount);

/// <summary>
/// The seed's example workflow over the public HTTP API: a publisher lists the sample agent (and imports
/// it a second time as an MCP server, from its server.json); a user
/// registers, searches, deploys it and calls it; the platform meters the calls; an admin's billing
/// run invoices them; the user pays and reviews the agent; the publisher sees the earnings.
/// </summary>
/// <param name="api">A client whose base address is the service.</param>
/// <param name="agentUrl">Where the sample agent answers, as the service can reach it.</param>
/// <param name="admin">The admin's email and password (Development: the bootstrap admin).</param>
/// <param name="serverNow">The service's clock, to choose the billing period.</param>
/// <param name="print">Where each step's line goes.</param>
public sealed class DemoWorkflow(HttpClient api, string agentUrl, (string Email, string Password) admin, Func<DateTimeOffset> serverNow, Action<string> print)
{
    private const string Password = "demo-passphrase-2026";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];

    public async Task<DemoOutcome> RunAsync(CancellationToken ct = default)
    {
        var periodStart = serverNow();

        // 1. A publisher registers and lists the sample agent.
        var publisher = await SignUpAsync($"publisher-{_run}@demo.test", "Demo Publisher", ct);
        await SendAsync(HttpMethod.Post, "/api/v1/users/me/publisher", publisher, new { publisherName = $"Demo Labs {_run}" }, ct);
        var agent = await SendAsync(HttpMethod.Post, "/api/v1/agents", publisher, new
        {
            slug = $"demo-text-tools-{_run}",
            name = "Demo Text Tools",
            description = "Summarize, count words, read sentiment and echo text — the repository's sample agent.",
            categories = new[] { "summarization", "analytics" },
            tags = new[] { "text", "nlp", "summarize" },
        }, ct);
        var agentId = agent.GetProperty("id").GetGuid();
        var version = await new HttpClient().GetFromJsonAsync<JsonObject>($"{agentUrl.TrimEnd('/')}/registration.json", ct)
            ?? throw new InvalidOperationException("The sample agent did not describe itself.");
        version["version"] = "1.0.0";
        version["endpointUrl"] = agentUrl;
        await SendAsync(HttpMethod.Post, $"/api/v1/agents/{agentId}/versions", publisher, version, ct);
        var verification = await SendAsync(HttpMethod.Post, $"/api/v1/agents/{agentId}/versions/1.0.0/verify", publisher, null, ct);
        Step("Publisher registered the sample agent; verification", verification.GetProperty("status").GetString());
        var listing = await SendAsync(HttpMethod.Post, "/api/v1/listings", publisher,
            new { agentId, pricing = new { model = "per_call", currency = "USD", unitPriceCents = 25 } }, ct);
        await SendAsync(HttpMethod.Post, $"/api/v1/listings/{listing.GetProperty("id").GetGuid()}/publish", publisher, null, ct);
        Step("Listed and published at", "25¢ per call");

        // 1b. The same agent as an MCP server: imported from its server.json, its tools become the capabilities.
        var serverJson = await new HttpClient().GetFromJsonAsync<JsonObject>($"{agentUrl.TrimEnd('/')}/server.json", ct)
            ?? throw new InvalidOperationException("The sample agent has no server.json.");
        var mcp = await SendAsync(HttpMethod.Post, $"/api/v1/agents/import/mcp?slug=demo-mcp-{_run}&category=analytics", publisher, serverJson, ct);
        var mcpVerification = await SendAsync(HttpMethod.Post,
            $"/api/v1/agents/{mcp.GetProperty("agent").GetProperty("id").GetGuid()}/versions/1.0.0/verify", publisher, null, ct);
        Step($"Imported its server.json as an MCP agent ({mcp.GetProperty("version").GetProperty("capabilities").GetArrayLength()} tools); verification",
            mcpVerification.GetProperty("status").GetString());

        // 2. A user registers, authenticates and searches.
        var user = await SignUpAsync($"user-{_run}@demo.test", "Demo User", ct);
        Step("User registered and holds a token", "yes");
        var found = await SendAsync(HttpMethod.Get, $"/api/v1/marketplace/search?q=sumarize+demo&limit=5", null, null, ct);
        var hit = found.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("agentId").GetGuid() == agentId);
        Step("Searched 'sumarize demo' (typo included); found", hit.ValueKind == JsonValueKind.Undefined ? "nothing" : hit.GetProperty("name").GetString());

        // 3. The user deploys the agent and calls it through the gateway.
        var deployment = await SendAsync(HttpMethod.Post, "/api/v1/deployments", user, new { agentId, environment = "production" }, ct);
        var deploymentId = deployment.GetProperty("id").GetGuid();
        Step("Deployed; status", deployment.GetProperty("status").GetString());
        var summary = await SendAsync(HttpMethod.Post, $"/api/v1/deployments/{deploymentId}/invoke", user, new
        {
            capability = "summarize",
            input = new { text = "Agent Marketplace lets teams publish agents. Others find and deploy them. Every call is metered and billed.", maxSentences = 1 },
        }, ct);
        Step("Invoked summarize", summary.GetProperty("output").ToString());
        var count = await SendAsync(HttpMethod.Post, $"/api/v1/deployments/{deploymentId}/invoke", user,
            new { capability = "word-count", input = new { text = "one two three four" } }, ct);
        Step("Invoked word-count", count.GetProperty("output").ToString());
        await SendAsync(HttpMethod.Post, $"/api/v1/deployments/{deploymentId}/invoke", user,
            new { capability = "sentiment", input = new { text = "This marketplace is great" } }, ct);

        // 4. The platform tracked the usage.
        var usage = await SendAsync(HttpMethod.Get, "/api/v1/billing/usage", user, null, ct);
        Step("Usage so far", $"{usage.GetProperty("items")[0].GetProperty("calls").GetInt64()} calls, {usage.GetProperty("totalCents").GetInt64()}¢");

        // 5. An admin's billing run invoices the period; the user pays.
        var periodEnd = serverNow();
        var adminToken = await TokenAsync(admin.Email, admin.Password, ct);
        var run = await SendAsync(HttpMethod.Post, "/api/v1/admin/billing/runs", adminToken, new { periodStart, periodEnd }, ct);
        Step("Billing run created invoices", run.GetProperty("invoicesCreated").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var invoices = await SendAsync(HttpMethod.Get, "/api/v1/billing/invoices", user, null, ct);
        var invoice = invoices.GetProperty("items").EnumerateArray().FirstOrDefault();
        if (invoice.ValueKind == JsonValueKind.Undefined)
        {
            throw new DemoStepFailed($"The billing run of {periodStart:o}–{periodEnd:o} made no invoice for the user.");
        }

        var invoiceId = invoice.GetProperty("id").GetGuid();
        Step("Invoice", $"{invoice.GetProperty("number").GetString()}: {invoice.GetProperty("totalCents").GetInt64()}¢, {invoice.GetProperty("status").GetString()}");
        var paid = await SendAsync(HttpMethod.Post, $"/api/v1/billing/invoices/{invoiceId}/pay", user, new { paymentMethod = "pm_card_visa" }, ct,
            idempotencyKey: Guid.NewGuid().ToString());
        Step("Paid with pm_card_visa", paid.GetProperty("status").GetString());

        // 6. The user reviews the agent; the publisher sees ratings and earnings.
        await SendAsync(HttpMethod.Post, $"/api/v1/agents/{agentId}/reviews", user,
            new { rating = 5, title = "Does what it says", body = "Summaries were short and to the point." }, ct);
        var statistics = await SendAsync(HttpMethod.Get, $"/api/v1/agents/{agentId}/statistics", publisher, null, ct);
        Step("Agent statistics", $"rating {statistics.GetProperty("ratingAverage")} from {statistics.GetProperty("ratingCount")} review(s), " +
            $"{statistics.GetProperty("invocations")} invocations");
        var earnings = await SendAsync(HttpMethod.Get, "/api/v1/publishers/me/earnings", publisher, null, ct);
        Step("Publisher earnings", $"gross {earnings.GetProperty("grossCents")}¢, platform fee {earnings.GetProperty("platformFeeCents")}¢, " +
            $"net {earnings.GetProperty("netCents")}¢");

        var final = await SendAsync(HttpMethod.Get, $"/api/v1/billing/invoices/{invoiceId}", user, null, ct);
        return new DemoOutcome(agentId, deploymentId, invoiceId, final.GetProperty("totalCents").GetInt64(), final.GetProperty("status").GetString()!,
            earnings.GetProperty("netCents").GetInt64(), statistics.GetProperty("ratingCount").GetInt32());
    }

    private void Step(string what, string? result) => print($"✓ {what}: {result}");

    private async Task<string> SignUpAsync(string email, string displayName, CancellationToken ct)
    {
        await SendAsync(HttpMethod.Post, "/api/v1/users/register", null, new { email, password = Password, displayName }, ct);
        return await TokenAsync(email, Password, ct);
    }

    private async Task<string> TokenAsync(string email, string password, CancellationToken ct) =>
        (await SendAsync(HttpMethod.Post, "/api/v1/auth/token", null, new { email, password }, ct)).GetProperty("accessToken").GetString()!;

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await api.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new DemoStepFailed($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}

public sealed class DemoStepFailed(string message) : Exception(message);
