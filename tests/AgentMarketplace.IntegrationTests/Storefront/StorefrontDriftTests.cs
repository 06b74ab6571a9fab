using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.Registry.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentMarketplace.IntegrationTests.Storefront;

/// <summary>
/// A consumer's deployment page after the agent it runs changed under it: an MCP server built with the official
/// SDK drops and narrows tools without a new version, and the scheduled re-verification catches it. A class of its
/// own: it moves its host's clock a day.
/// </summary>
public sealed class StorefrontDriftTests(StorefrontFactory site, McpTestServer server, ChromiumBrowser chromium)
    : IClassFixture<StorefrontFactory>, IClassFixture<McpTestServer>, IClassFixture<ChromiumBrowser>, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        server.Misbehave = false;
        server.ChangeToolList();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        server.Misbehave = true;
        server.ChangeToolList();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_deployment_page_shows_that_its_version_drifted_and_failed_re_verification()
    {
        var slug = await ListedMcpAgentAsync();
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/signup");
        var email = await StorefrontAccounts.SignUpAsync(page, "Dora Drift");
        await page.GotoAsync($"/agents/{slug}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator(".byline")).ToContainTextAsync("version 1.0.0");
        var deploymentPath = new Uri(page.Url).AbsolutePath;
        var notices = page.Locator("p.notice");
        await Expect(notices).ToHaveCountAsync(0);

        // The server is redeployed: one tool gone, another's input narrowed, and a day later it is re-verified.
        server.ChangeToolList(hidden: ["off-schema"], changed: ["lookup"]);
        site.Clock.Advance(TimeSpan.FromHours(27));
        await ReverifiedAsDriftedAsync(slug);

        // A day later the session has ended: the consumer signs in again and lands back on the deployment.
        await StorefrontAccounts.SignInAsync(page, email, deploymentPath);
        await Expect(page).ToHaveURLAsync(site.BaseUrl + deploymentPath);
        await Expect(notices.Filter(new() { HasText = "no longer serves version 1.0.0 as it was registered" }))
            .ToContainTextAsync("no longer lists the tool 'off-schema'");
        await Expect(notices.Filter(new() { HasText = "Version 1.0.0 failed its latest re-verification" })).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "deployment-drifted");
    }

    /// <summary>An MCP agent on the test server, verified, listed free and published by a publisher of its own; its slug.</summary>
    private async Task<string> ListedMcpAgentAsync()
    {
        using var publisher = site.ClientFor(await site.PublisherAsync());
        var created = await publisher.CreateAgentAsync();
        var agentId = created.GetProperty("id").GetGuid();
        await (await publisher.PublishVersionAsync(agentId, ProtocolVersions.Mcp("1.0.0", server.McpUrl))).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("verified", (await publisher.VerifyAsync(agentId, "1.0.0")).GetProperty("status").GetString());
        var listing = await (await publisher.PostAsJsonAsync("/api/v1/listings", new { agentId, pricing = TestCatalog.Free }))
            .JsonAsync(HttpStatusCode.Created);
        await (await publisher.PostAsync($"/api/v1/listings/{listing.GetProperty("id").GetGuid()}/publish", null)).JsonAsync(HttpStatusCode.OK);
        return created.GetProperty("slug").GetString()!;
    }

    /// <summary>Runs the scheduled re-verification until the agent's version is recorded as drifted.</summary>
    private async Task ReverifiedAsDriftedAsync(string slug)
    {
        using var anonymous = site.CreateClient();
        await Eventually.TrueAsync(
            async () =>
            {
                await site.Services.GetRequiredService<Reverification>().SweepAsync(CancellationToken.None);
                var agent = await (await anonymous.GetAsync($"/api/v1/agents/{slug}")).JsonAsync(HttpStatusCode.OK);
                return agent.GetProperty("versions")[0].GetProperty("drifted").GetBoolean();
            },
            Eventually.Timeout, "The scheduled re-verification should find the changed tools");
    }
}
