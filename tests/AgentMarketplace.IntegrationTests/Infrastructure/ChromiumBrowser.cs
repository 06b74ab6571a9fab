using Microsoft.Playwright;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// One headless Chromium for a test class: Debian's own (`apt-get install chromium`, which .ci/run does),
/// driven by Playwright's bundled driver; Playwright's browser download is never used. Each test opens a
/// context of its own (its own cookies), which is cheap; the browser process is started once.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>How long an expectation or an action waits for the page before it fails (a bound, never a pause).</summary>
    private const float WaitMilliseconds = 15_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(WaitMilliseconds);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>A fresh page in a fresh context (no cookies) on the site at <paramref name="baseUrl"/>.</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 900)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(WaitMilliseconds);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
