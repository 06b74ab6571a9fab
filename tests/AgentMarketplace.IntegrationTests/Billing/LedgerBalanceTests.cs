using System.Net;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Billing;

public sealed class LedgerBalanceTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task After_a_random_mix_of_usage_runs_payments_and_voids_every_transaction_and_the_whole_ledger_balance()
    {
        var random = new Random(20261124);
        using var admin = api.ClientFor(await api.AdminAsync());
        var plans = new object[]
        {
            TestCatalog.PerCall(3), TestCatalog.PerCall(7),
            new { model = "per_unit", currency = "USD", tiers = new object[] { new { upTo = 5, unitPriceCents = 4 }, new { upTo = (long?)null, unitPriceCents = 1 } } },
            new { model = "subscription", currency = "USD", monthlyFeeCents = 500, includedUnits = 3, unitPriceCents = 2 },
        };
        var deployments = new List<(ListedAgent Agent, HttpClient Consumer, Guid Deployment)>();
        foreach (var plan in plans)
        {
            var (listed, consumer, _, deployment) = await api.PricedDeploymentAsync(agent, plan);
            deployments.Add((listed, consumer, deployment));
        }

        for (var round = 0; round < 4; round++)
        {
            var start = api.Clock.GetUtcNow();
            foreach (var (listed, consumer, deployment) in deployments.Where(_ => random.Next(4) > 0))
            {
                await api.ReportUsageAsync(listed.Publisher, deployment, random.Next(1, 12));
            }

            await api.RunBillingSinceAsync(start);
            foreach (var (_, consumer, _) in deployments)
            {
                var invoices = await (await consumer.GetAsync("/api/v1/billing/invoices")).JsonAsync(HttpStatusCode.OK);
                foreach (var invoice in invoices.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "open"))
                {
                    var id = invoice.GetProperty("id").GetGuid();
                    switch (random.Next(3))
                    {
                        case 0:
                            await (await consumer.PayAsync(id)).JsonAsync(HttpStatusCode.OK);
                            break;
                        case 1:
                            await (await admin.PostAsync($"/api/v1/admin/billing/invoices/{id}/void", null)).JsonAsync(HttpStatusCode.OK);
                            break;
                    }
                }
            }
        }

        Assert.True(await api.ScalarAsync("SELECT count(*) FROM billing.ledger_entries") > 0);
        Assert.Equal(0, await api.ScalarAsync("SELECT coalesce(sum(amount_cents), 0) FROM billing.ledger_entries"));
        Assert.Equal(0, await api.ScalarAsync(
            "SELECT count(*) FROM (SELECT transaction_id FROM billing.ledger_entries GROUP BY transaction_id HAVING sum(amount_cents) <> 0) t"));
        // Paid invoices are fully settled, void ones fully reversed: only open invoices leave a receivable.
        Assert.Equal(
            await api.ScalarAsync("SELECT coalesce(sum(total_cents), 0) FROM billing.invoices WHERE status = 'open'"),
            await api.ScalarAsync("SELECT coalesce(sum(amount_cents), 0) FROM billing.ledger_entries WHERE account LIKE 'receivable:%'"));
        Assert.Equal(
            await api.ScalarAsync("SELECT coalesce(sum(total_cents), 0) FROM billing.invoices WHERE status = 'paid'"),
            await api.ScalarAsync("SELECT coalesce(sum(amount_cents), 0) FROM billing.ledger_entries WHERE account = 'cash'"));
    }
}
