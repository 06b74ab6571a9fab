using AgentMarketplace.Demo;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.EndToEnd;

/// <summary>The seed's example workflow — the same code as the demo command — against the real host and the real sample agent.</summary>
public sealed class ExampleWorkflowTests(MarketplaceApiFactory api, SampleAgentHost agent)
    : IClassFixture<MarketplaceApiFactory>, IClassFixture<SampleAgentHost>
{
    [Fact]
    public async Task A_user_searches_deploys_is_metered_invoiced_pays_and_reviews_and_the_publisher_is_paid()
    {
        var steps = new List<string>();
        using var client = api.CreateClient();
        DateTimeOffset ServerNow()
        {
            api.Clock.Advance(TimeSpan.FromSeconds(1));
            return api.Clock.GetUtcNow();
        }

        var outcome = await new DemoWorkflow(client, agent.BaseUrl, (MarketplaceApiFactory.AdminEmail, MarketplaceApiFactory.AdminPassword),
            ServerNow, steps.Add).RunAsync();

        // Three calls at 25¢, paid; the publisher keeps 80%.
        Assert.Equal(75, outcome.InvoiceTotalCents);
        Assert.Equal("paid", outcome.InvoiceStatus);
        Assert.Equal(60, outcome.PublisherNetCents);
        Assert.Equal(1, outcome.ReviewCount);
        Assert.Contains(steps, s => s.StartsWith("✓ Searched", StringComparison.Ordinal) && s.EndsWith("Demo Text Tools", StringComparison.Ordinal));
        Assert.Contains("✓ Paid with pm_card_visa: paid", steps);
    }
}
