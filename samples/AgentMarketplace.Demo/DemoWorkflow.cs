using System.Globalization;
using System.Text.Json.Nodes;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AgentMarketplace.Demo;

/// <summary>What the workflow produced, for whoever ran it to check.</summary>
public sealed record DemoOutcome(Guid AgentId, Guid DeploymentId, Guid InvoiceId, long InvoiceTotalCents, string InvoiceStatus, long PublisherNetCents, int ReviewCount);

/// <summary>
/// The seed's example workflow through the generated client (src/AgentMarketplace.Client): a publisher
/// lists the sample agent (and imports it a second time as an MCP server, from its server.json); a user
/// registers, searches, deploys it and calls it; the platform meters the calls; an admin's billing
/// run invoices them; the user pays and reviews the agent; the publisher sees the earnings. A problem
/// the API answers surfaces as the client's typed <see cref="ProblemDetails"/>.
/// </summary>
/// <param name="api">The HTTP transport to the service; its base address is the service.</param>
/// <param name="agentUrl">Where the sample agent answers, as the service can reach it.</param>
/// <param name="admin">The admin's email and password (Development: the bootstrap admin).</param>
/// <param name="serverNow">The service's clock, to choose the billing period.</param>
/// <param name="print">Where each step's line goes.</param>
public sealed class DemoWorkflow(HttpClient api, string agentUrl, (string Email, string Password) admin, Func<DateTimeOffset> serverNow, Action<string> print)
{
    private const string Password = "demo-passphrase-2026";
    private readonly string _run = Guid.NewGuid().ToString("N")[..8];
    private readonly MarketplaceApiClient _anonymous = MarketplaceClient.Create(api);

    public async Task<DemoOutcome> RunAsync(CancellationToken ct = default)
    {
        var periodStart = serverNow();

        // 1. A publisher registers and lists the sample agent.
        var publisher = await SignUpAsync($"publisher-{_run}@demo.test", "Demo Publisher", ct);
        await publisher.Api.V1.Users.Me.Publisher.PostAsync(new PublisherRequest { PublisherName = $"Demo Labs {_run}" }, cancellationToken: ct);
        var agent = Required(await publisher.Api.V1.Agents.PostAsync(new CreateAgentRequest
        {
            Slug = $"demo-text-tools-{_run}",
            Name = "Demo Text Tools",
            Description = "Summarize, count words, read sentiment and echo text — the repository's sample agent.",
            Categories = ["summarization", "analytics"],
            Tags = ["text", "nlp", "summarize"],
        }, cancellationToken: ct));
        var agentId = agent.Id!.Value;
        var version = await AgentDocumentAsync<PublishVersionRequest>("registration.json", ct);
        version.Version = "1.0.0";
        version.EndpointUrl = agentUrl;
        var versions = publisher.Api.V1.Agents[agentId.ToString()].Versions;
        await versions.PostAsync(version, cancellationToken: ct);
        var verification = Required(await versions["1.0.0"].Verify.PostAsync(cancellationToken: ct));
        Step("Publisher registered the sample agent; verification", verification.Status);
        var listing = Required(await publisher.Api.V1.Listings.PostAsync(new CreateListingRequest
        {
            AgentId = agentId,
            Pricing = new PricingPlan { Model = PricingPlan_model.Per_call, Currency = "USD", UnitPriceCents = 25 },
        }, cancellationToken: ct));
        await publisher.Api.V1.Listings[listing.Id!.Value].Publish.PostAsync(cancellationToken: ct);
        Step("Listed and published at", "25¢ per call");

        // 1b. The same agent as an MCP server: imported from its server.json, its tools become the capabilities.
        var serverJson = await AgentDocumentAsync<ServerJson>("server.json", ct);
        var mcp = Required(await publisher.Api.V1.Agents.Import.Mcp.PostAsync(serverJson, request =>
        {
            request.QueryParameters.Slug = $"demo-mcp-{_run}";
            request.QueryParameters.Category = ["analytics"];
        }, ct));
        var mcpVerification = Required(await publisher.Api.V1.Agents[mcp.Agent!.Id!.Value.ToString()].Versions["1.0.0"].Verify.PostAsync(cancellationToken: ct));
        Step($"Imported its server.json as an MCP agent ({mcp.Version!.Capabilities!.Count} tools); verification", mcpVerification.Status);

        // 2. A user registers, authenticates and searches.
        var user = await SignUpAsync($"user-{_run}@demo.test", "Demo User", ct);
        Step("User registered and holds a token", "yes");
        var found = Required(await _anonymous.Api.V1.Marketplace.Search.GetAsync(request =>
        {
            request.QueryParameters.Q = "sumarize demo";
            request.QueryParameters.Limit = 5;
        }, ct));
        var hit = found.Items?.FirstOrDefault(i => i.AgentId == agentId);
        Step("Searched 'sumarize demo' (typo included); found", hit?.Name ?? "nothing");

        // 3. The user deploys the agent and calls it through the gateway.
        var deployment = Required(await user.Api.V1.Deployments.PostAsync(
            new CreateDeploymentRequest { AgentId = agentId, Environment = "production" }, cancellationToken: ct));
        var deploymentId = deployment.Id!.Value;
        Step("Deployed; status", deployment.Status);
        var invoke = user.Api.V1.Deployments[deploymentId].Invoke;
        var summary = Required(await invoke.PostAsync(new InvokeRequest
        {
            Capability = "summarize",
            Input = FreeFormJson.From(new JsonObject
            {
                ["text"] = "Agent Marketplace lets teams publish agents. Others find and deploy them. Every call is metered and billed.",
                ["maxSentences"] = 1,
            }),
        }, cancellationToken: ct));
        Step("Invoked summarize", FreeFormJson.ToJson(summary.Output));
        var count = Required(await invoke.PostAsync(new InvokeRequest
        {
            Capability = "word-count",
            Input = FreeFormJson.Parse("""{"text":"one two three four"}"""),
        }, cancellationToken: ct));
        Step("Invoked word-count", FreeFormJson.ToJson(count.Output));
        await invoke.PostAsync(new InvokeRequest { Capability = "sentiment", Input = FreeFormJson.Parse("""{"text":"This marketplace is great"}""") },
            cancellationToken: ct);

        // 4. The platform tracked the usage.
        var usage = Required(await user.Api.V1.Billing.Usage.GetAsync(cancellationToken: ct));
        Step("Usage so far", $"{usage.Items![0].Calls} calls, {usage.TotalCents}¢");

        // 5. An admin's billing run invoices the period; the user pays.
        var periodEnd = serverNow();
        var adminClient = await SignInAsync(admin.Email, admin.Password, ct);
        var run = Required(await adminClient.Api.V1.Admin.Billing.Runs.PostAsync(
            new BillingRunRequest { PeriodStart = periodStart, PeriodEnd = periodEnd }, cancellationToken: ct));
        Step("Billing run created invoices", run.InvoicesCreated?.ToString(CultureInfo.InvariantCulture));
        var invoice = Required(await user.Api.V1.Billing.Invoices.GetAsync(cancellationToken: ct)).Items?.FirstOrDefault()
            ?? throw new DemoStepFailed($"The billing run of {periodStart:o}–{periodEnd:o} made no invoice for the user.");
        var invoiceId = invoice.Id!.Value;
        Step("Invoice", $"{invoice.Number}: {invoice.TotalCents}¢, {invoice.Status.ToWire()}");
        var paid = Required(await user.Api.V1.Billing.Invoices[invoiceId].Pay.PostAsync(new PayRequest { PaymentMethod = "pm_card_visa" },
            request => request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString()), ct));
        Step("Paid with pm_card_visa", paid.Status);

        // 6. The user reviews the agent; the publisher sees ratings and earnings.
        await user.Api.V1.Agents[agentId.ToString()].Reviews.PostAsync(
            new ReviewRequest { Rating = 5, Title = "Does what it says", Body = "Summaries were short and to the point." }, cancellationToken: ct);
        var statistics = Required(await publisher.Api.V1.Agents[agentId.ToString()].Statistics.GetAsync(cancellationToken: ct));
        Step("Agent statistics", $"rating {statistics.RatingAverage?.ToString(CultureInfo.InvariantCulture)} from {statistics.RatingCount} review(s), " +
            $"{statistics.Invocations} invocations");
        var earnings = Required(await publisher.Api.V1.Publishers.Me.Earnings.GetAsync(cancellationToken: ct));
        Step("Publisher earnings", $"gross {earnings.GrossCents}¢, platform fee {earnings.PlatformFeeCents}¢, net {earnings.NetCents}¢");

        var final = Required(await user.Api.V1.Billing.Invoices[invoiceId].GetAsync(cancellationToken: ct));
        return new DemoOutcome(agentId, deploymentId, invoiceId, final.TotalCents ?? 0, final.Status.ToWire(),
            earnings.NetCents ?? 0, statistics.RatingCount ?? 0);
    }

    private void Step(string what, string? result) => print($"✓ {what}: {result}");

    private static T Required<T>(T? value) where T : class =>
        value ?? throw new DemoStepFailed($"The service answered no {typeof(T).Name}.");

    /// <summary>A document the sample agent serves about itself, read into the client's model for it.</summary>
    private async Task<T> AgentDocumentAsync<T>(string name, CancellationToken ct) where T : IParsable, new()
    {
        using var agent = new HttpClient();
        var json = await agent.GetStringAsync(new Uri($"{agentUrl.TrimEnd('/')}/{name}"), ct);
        return await KiotaJsonSerializer.DeserializeAsync<T>(json, ct)
            ?? throw new DemoStepFailed($"The sample agent's {name} is empty.");
    }

    private async Task<MarketplaceApiClient> SignUpAsync(string email, string displayName, CancellationToken ct)
    {
        await _anonymous.Api.V1.Users.Register.PostAsync(new RegisterRequest { Email = email, Password = Password, DisplayName = displayName }, cancellationToken: ct);
        return await SignInAsync(email, Password, ct);
    }

    private async Task<MarketplaceApiClient> SignInAsync(string email, string password, CancellationToken ct)
    {
        var token = Required(await _anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = password }, cancellationToken: ct));
        return MarketplaceClient.Create(api, credentials: MarketplaceCredentials.Bearer(token.AccessToken!));
    }
}

public sealed class DemoStepFailed(string message) : Exception(message);
