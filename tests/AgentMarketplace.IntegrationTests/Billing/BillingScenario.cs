using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Npgsql;

namespace AgentMarketplace.IntegrationTests.Billing;

/// <summary>Building blocks for billing tests: a priced agent, a consumer's calls, a billing run over "just now".</summary>
public static class BillingScenario
{
    /// <summary>A listed, published sample agent with the given pricing, and a consumer who deployed it.</summary>
    public static async Task<(ListedAgent Agent, HttpClient Consumer, TestUser ConsumerUser, Guid DeploymentId)> PricedDeploymentAsync(
        this MarketplaceApiFactory api, SampleAgentHost agent, object pricing)
    {
        var listed = await api.ListAsync(agent, new CatalogEntry("Billed " + Guid.NewGuid().ToString("N")[..6], Pricing: pricing));
        var user = await api.RegisterAsync();
        var consumer = api.ClientFor(user);
        var deployment = (await consumer.DeployAsync(listed.AgentId)).GetProperty("id").GetGuid();
        return (listed, consumer, user, deployment);
    }

    public static async Task CallAsync(this HttpClient consumer, Guid deploymentId, int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await consumer.InvokeAsync(deploymentId, "echo", new { text = "bill me" })).StatusCode);
        }
    }

    /// <summary>The publisher reports <paramref name="units"/> of usage on the deployment, now, with a fresh Idempotency-Key.</summary>
    public static async Task ReportUsageAsync(this MarketplaceApiFactory api, TestUser publisher, Guid deploymentId, long units)
    {
        using var client = api.ClientFor(publisher);
        var report = new HttpRequestMessage(HttpMethod.Post, "/api/v1/usage")
        {
            Content = JsonContent.Create(new { deploymentId, capability = "echo", units, occurredAt = api.Clock.GetUtcNow() }),
        };
        report.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(report)).StatusCode);
    }

    /// <summary>Runs billing for [start, now + 1 min) after moving the clock past it, so each run's period follows the last.</summary>
    public static async Task<JsonElement> RunBillingSinceAsync(this MarketplaceApiFactory api, DateTimeOffset start)
    {
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var end = api.Clock.GetUtcNow();
        api.Clock.Advance(TimeSpan.FromSeconds(1));
        using var admin = api.ClientFor(await api.AdminAsync());
        var response = await admin.PostAsJsonAsync("/api/v1/admin/billing/runs", new { periodStart = start, periodEnd = end });
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A consumer of a 5¢-per-call agent with one open invoice for 3 calls (15¢).</summary>
    public static async Task<(HttpClient Consumer, TestUser User, Guid InvoiceId)> OpenInvoiceOf3CallsAsync(
        this MarketplaceApiFactory api, SampleAgentHost agent)
    {
        var start = api.Clock.GetUtcNow();
        var (_, consumer, user, deployment) = await api.PricedDeploymentAsync(agent, TestCatalog.PerCall(5));
        await consumer.CallAsync(deployment, 3);
        await api.RunBillingSinceAsync(start);
        return (consumer, user, (await consumer.SingleInvoiceAsync()).GetProperty("id").GetGuid());
    }

    public static async Task<string> InvoiceStatusAsync(this HttpClient consumer, Guid invoiceId) =>
        (await (await consumer.GetAsync($"/api/v1/billing/invoices/{invoiceId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString()!;

    public static async Task<JsonElement> SingleInvoiceAsync(this HttpClient consumer)
    {
        var invoices = await (await consumer.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);
        return Assert.Single(invoices.GetProperty("items").EnumerateArray());
    }

    public static Task<HttpResponseMessage> PayAsync(this HttpClient consumer, Guid invoiceId, string paymentMethod = "pm_card_visa", string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/billing/invoices/{invoiceId}/pay")
        {
            Content = JsonContent.Create(new { paymentMethod }),
        };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return consumer.SendAsync(request);
    }

    public static async Task<long> ScalarAsync(this MarketplaceApiFactory api, string sql)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }
}
