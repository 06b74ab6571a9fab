using System.Text.Json;
using System.Text.RegularExpressions;
using AgentMarketplace.Client;
using AgentMarketplace.Client.Generated;
using AgentMarketplace.Client.Generated.Models;
using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentMarketplace.IntegrationTests.Storefront;

/// <summary>
/// The storefront in a real browser (Debian's Chromium) against the real host on a real port, real
/// PostgreSQL and the sample agent over HTTP: the seed's workflow as a consumer and as a publisher, every
/// page reached checked for accessibility. The class shares one host, one agent and one browser.
/// </summary>
public sealed class StorefrontBrowserTests(StorefrontFactory site, SampleAgentHost agent, ChromiumBrowser chromium)
    : IClassFixture<StorefrontFactory>, IClassFixture<SampleAgentHost>, IClassFixture<ChromiumBrowser>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(site.BaseUrl) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_consumer_signs_up_finds_an_agent_despite_a_typo_deploys_tries_it_sees_the_usage_pays_and_reviews_it()
    {
        await ListedAgentAsync("text-summarizer", "Text Summarizer", "Summarizes, counts and echoes text.", "Sample Labs");
        var page = await chromium.NewPageAsync(site.BaseUrl);

        await page.GotoAsync("/");
        await PageChecks.AccessibleAsync(page, "home");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign up" }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "sign-up");
        await StorefrontAccounts.SignUpAsync(page, "Ada Consumer");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search agents" }).FillAsync("sumarizer");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=sumarizer$"));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Text Summarizer" })).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "search");

        await page.GetByRole(AriaRole.Link, new() { Name = "Text Summarizer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Text Summarizer", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "word-count" })).ToBeVisibleAsync();
        await Expect(page.Locator(".price")).ToHaveTextAsync("0.02 USD per call");
        await PageChecks.AccessibleAsync(page, "agent");
        await page.SetViewportSizeAsync(390, 844);
        await PageChecks.AccessibleAsync(page, "agent-phone");
        await page.SetViewportSizeAsync(1280, 900);
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/deployments/[0-9a-f-]{36}$"));
        await page.GetByLabel("Capability").SelectOptionAsync("word-count");
        await page.GetByLabel("Input (JSON)").FillAsync("""{"text":"one two three"}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Call" }).ClickAsync();
        await Expect(page.Locator("pre.output")).ToContainTextAsync("\"words\": 3");
        await page.GotoAsync(new Uri(page.Url).AbsolutePath); // a fresh read, not the form posted again
        // The call just made is this hour's point on the latency chart, and a row of its table.
        await Expect(page.Locator("circle.dot.p50")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Latency per hour" }).Locator("tbody tr")).ToHaveCountAsync(1);
        await PageChecks.AccessibleAsync(page, "deployment");

        await page.GetByRole(AriaRole.Link, new() { Name = "Deployments" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "text-summarizer" })).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "deployments");

        await page.GetByRole(AriaRole.Link, new() { Name = "Usage & invoices" }).ClickAsync();
        var usage = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "text-summarizer" });
        // Metering is recorded after the call is answered: the page is read again until it shows the call.
        await Eventually.TrueAsync(async () => await usage.CountAsync() > 0 || (await page.ReloadAsync()) is null, Eventually.Timeout, "the usage page shows the call");
        await Expect(usage.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("1");
        // The chart's last bar is today (UTC), from the same report's days.
        await Expect(page.Locator("figure.chart rect.bar title").Last)
            .ToHaveTextAsync(new Regex($@"^{DateTime.UtcNow:yyyy-MM-dd}: 1 calls, \d+ units$"));
        await BillThisMonthAsync();
        await page.ReloadAsync();
        await page.GetByLabel("Test card").SelectOptionAsync("pm_card_visa");
        await PageChecks.AccessibleAsync(page, "usage");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pay" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Invoice paid");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "0.02 USD" }).Locator(".badge")).ToHaveTextAsync("paid");

        await page.GotoAsync("/agents/text-summarizer");
        await page.GetByLabel("Rating").SelectOptionAsync("4");
        await page.GetByLabel("Title").FillAsync("Counts words right");
        await page.GetByLabel("Review", new() { Exact = true }).FillAsync("Three words, three counted.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post review" }).ClickAsync();
        var review = page.Locator("article.review").Filter(new() { HasText = "Counts words right" });
        await Expect(review).ToContainTextAsync("Verified use");
        await Expect(review).ToContainTextAsync("Ada Consumer");
    }

    [Fact]
    public async Task A_publisher_registers_a_version_sees_it_verified_lists_it_and_finds_it_in_search()
    {
        var registration = (await agent.RegistrationAsync("1.0.0")).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/signup");
        await StorefrontAccounts.SignUpAsync(page, "Grace Publisher");

        await page.GetByRole(AriaRole.Link, new() { Name = "Publish", Exact = true }).ClickAsync();
        await PageChecks.AccessibleAsync(page, "publisher-sign-up");
        await page.GetByLabel("Publisher name").FillAsync("Grace Labs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Become a publisher" }).ClickAsync();
        await page.GetByLabel("Slug (its address)").FillAsync("word-tools");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Word Tools");
        await page.GetByLabel("Description").FillAsync("Counts the words of a text.");
        await page.GetByLabel("Categories (comma-separated)").FillAsync("analytics");
        await PageChecks.AccessibleAsync(page, "publisher");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/publisher/agents/word-tools$"));
        await page.GetByLabel("registration.json").FillAsync(registration);
        await page.GetByRole(AriaRole.Button, new() { Name = "Register and verify" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification of 1.0.0: verified" })).ToBeVisibleAsync();
        await Expect(page.Locator("ul.results li.passed").Filter(new() { HasText = "word-count" }).First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the listing" }).ClickAsync();
        // The draft is there when the publisher comes back to the page (search does not know it yet).
        await Expect(page.Locator(".badge", new() { HasText = "draft" })).ToBeVisibleAsync();
        await page.GotoAsync("/publisher/agents/word-tools");
        await Expect(page.Locator(".badge", new() { HasText = "draft" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish the listing" }).ClickAsync();
        await Expect(page.Locator(".badge", new() { HasText = "published" })).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "publisher-agent");

        await page.GotoAsync("/search?q=word+tools");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Word Tools" })).ToBeVisibleAsync();

        // No call has measured it yet, so a minimum success rate leaves it out, and the filter stays chosen.
        await page.GetByLabel("Min success rate").SelectOptionAsync("0.99");
        await page.Locator("form.filters").GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("minSuccessRate=0.99"));
        await Expect(page.GetByText("No agent matches")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Min success rate")).ToHaveValueAsync("0.99");
    }

    [Fact]
    public async Task A_deployment_is_updated_to_a_new_version_and_rolled_back()
    {
        var (publisher, agentId) = await ListedAgentAsync("update-tools", "Update Tools", "Counts words, version after version.", "Update Labs");
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/signup");
        await StorefrontAccounts.SignUpAsync(page, "Una Updater");
        await page.GotoAsync("/agents/update-tools");
        await page.GetByRole(AriaRole.Button, new() { Name = "Deploy" }).ClickAsync();
        await Expect(page.Locator(".byline")).ToContainTextAsync("version 1.0.0 · revision 1");
        await PublishVerifiedVersionAsync(publisher, agentId, "1.1.0");
        await page.ReloadAsync();

        await page.GetByLabel("To version").SelectOptionAsync("1.1.0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Update (health-checked)" }).ClickAsync();
        await Expect(page.Locator(".byline")).ToContainTextAsync("version 1.1.0 · revision 2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Roll back to the previous revision" }).ClickAsync();

        await Expect(page.Locator(".byline")).ToContainTextAsync("version 1.0.0");

        // Opting in to compatible versions moves it to 1.1.0 again, through the auto-updater.
        await page.GetByLabel("Follow new versions").SelectOptionAsync("compatible");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByLabel("Follow new versions")).ToHaveValueAsync("compatible");
        var byline = page.Locator(".byline");
        await Eventually.TrueAsync(async () => (await byline.InnerTextAsync()).Contains("version 1.1.0", StringComparison.Ordinal) || (await page.ReloadAsync()) is null,
            Eventually.Timeout, "the deployment page shows the automatic update");
        await Expect(page.GetByText("Last automatic update: 1.1.0, rolled out")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_publisher_imports_an_mcp_server_json_and_verifies_it()
    {
        var serverJson = (await agent.ServerJsonAsync()).ToJsonString();
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/signup");
        await StorefrontAccounts.SignUpAsync(page, "Mika Importer");
        await page.GotoAsync("/publisher");
        await page.GetByLabel("Publisher name").FillAsync("Mika Labs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Become a publisher" }).ClickAsync();

        await page.GetByLabel("Paste the document").FillAsync(serverJson);
        await page.GetByLabel("Slug (optional)").FillAsync("mcp-words");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/publisher/agents/mcp-words$"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 1.0.0" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verification of 1.0.0: verified" })).ToBeVisibleAsync();
        await Expect(page.Locator("ul.results li.passed").Filter(new() { HasText = "word-count" }).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_api_key_is_shown_once_and_preferences_are_kept()
    {
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/signup");
        await StorefrontAccounts.SignUpAsync(page, "Key Keeper");

        await page.GetByRole(AriaRole.Link, new() { Name = "Key Keeper" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create a key" }).ClickAsync();
        var key = await page.Locator("#new-key").TextContentAsync();
        await PageChecks.AccessibleAsync(page, "account");
        await page.GetByLabel("Default environment").FillAsync("staging");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save preferences" }).ClickAsync();
        // The form's answer first: a reload racing the post could come back before it saved.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Preferences saved." })).ToBeVisibleAsync();
        await page.ReloadAsync();

        using var withKey = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
        withKey.Headers.Add("X-Api-Key", key);
        Assert.True((await _http.SendAsync(withKey)).IsSuccessStatusCode, "the key shown works");
        await Expect(page.Locator("#new-key")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "laptop" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Default environment")).ToHaveValueAsync("staging");
    }

    [Fact]
    public async Task Problems_are_shown_as_readable_messages_and_private_pages_ask_for_sign_in()
    {
        var page = await chromium.NewPageAsync(site.BaseUrl);

        await page.GotoAsync("/deployments");
        await Expect(page).ToHaveURLAsync(new Regex(@"/signin\?returnUrl=%2Fdeployments$"));
        await page.GetByLabel("Email").FillAsync("nobody@example.com");
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "sign-in-refused");

        await page.GotoAsync("/search?maxPriceCents=lots");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("maxPriceCents: “lots” is not a number.");

        var missing = await page.GotoAsync("/agents/no-such-agent");
        Assert.Equal(404, missing!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();

        // An address no page answers is the site's not-found page too; one under the API stays a problem document.
        var nowhere = await page.GotoAsync("/no/such/page");
        Assert.Equal((404, "text/html"), (nowhere!.Status, (await nowhere.HeaderValueAsync("content-type"))?.Split(';')[0]));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await PageChecks.AccessibleAsync(page, "not-found");
        var noRoute = await _http.GetAsync("/api/v1/no/such/route");
        Assert.Equal((System.Net.HttpStatusCode.NotFound, "application/problem+json"), (noRoute.StatusCode, noRoute.Content.Headers.ContentType?.MediaType));
    }

    [Fact]
    public async Task The_keyboard_reaches_the_content_first_and_a_search_runs_on_enter()
    {
        var page = await chromium.NewPageAsync(site.BaseUrl);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Searchbox, new() { Name = "Search agents" })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("translate");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex(@"/search\?q=translate$"));
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Form.Email"] = "someone@example.com", ["Form.Password"] = "whatever-it-is",
        });

        var response = await _http.PostAsync("/signin", form);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>
    /// The month so far, invoiced by an admin's billing run (a period is billed once it has ended: the clock
    /// moves a second past the call): invoices come out open, payable.
    /// </summary>
    private async Task BillThisMonthAsync()
    {
        var token = await MarketplaceClient.Create(_http).Api.V1.Auth.Token.PostAsync(
            new TokenRequest { Email = MarketplaceApiFactory.AdminEmail, Password = MarketplaceApiFactory.AdminPassword });
        site.Clock.Advance(TimeSpan.FromSeconds(1));
        var now = site.Clock.GetUtcNow();
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var run = await MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.Bearer(token!.AccessToken!))
            .Api.V1.Admin.Billing.Runs.PostAsync(new BillingRunRequest { PeriodStart = monthStart, PeriodEnd = now });
        Assert.Equal(1, run!.InvoicesCreated);
    }

    /// <summary>A verified, published agent from the sample agent, set up through the API as its publisher would.</summary>
    private async Task<(MarketplaceApiClient Publisher, string AgentId)> ListedAgentAsync(string slug, string name, string description, string publisherName)
    {
        var anonymous = MarketplaceClient.Create(_http);
        var email = TestUsers.NewEmail("storefront-publisher");
        await anonymous.Api.V1.Users.Register.PostAsync(new RegisterRequest { Email = email, Password = TestUsers.Password, DisplayName = publisherName });
        var token = await anonymous.Api.V1.Auth.Token.PostAsync(new TokenRequest { Email = email, Password = TestUsers.Password });
        MarketplaceApiClient publisher = MarketplaceClient.Create(_http, credentials: MarketplaceCredentials.Bearer(token!.AccessToken!));
        await publisher.Api.V1.Users.Me.Publisher.PostAsync(new PublisherRequest { PublisherName = publisherName });
        var created = await publisher.Api.V1.Agents.PostAsync(new CreateAgentRequest
        {
            Slug = slug, Name = name, Description = description, Categories = ["summarization"], Tags = ["text"],
        });
        var id = created!.Id!.Value.ToString();
        await PublishVerifiedVersionAsync(publisher, id, "1.0.0");
        var listing = await publisher.Api.V1.Listings.PostAsync(new CreateListingRequest
        {
            AgentId = created.Id, Pricing = new PricingPlan { Model = PricingPlan_model.Per_call, Currency = "USD", UnitPriceCents = 2 },
        });
        await publisher.Api.V1.Listings[listing!.Id!.Value].Publish.PostAsync();
        return (publisher, id);
    }

    private async Task PublishVerifiedVersionAsync(MarketplaceApiClient publisher, string agentId, string version)
    {
        var registration = (await agent.RegistrationAsync(version)).ToJsonString();
        await publisher.Api.V1.Agents[agentId].Versions.PostAsync(
            (await KiotaJsonSerializer.DeserializeAsync(registration, PublishVersionRequest.CreateFromDiscriminatorValue))!);
        var report = await publisher.Api.V1.Agents[agentId].Versions[version].Verify.PostAsync();
        Assert.Equal("verified", report!.Status);
    }
}
