using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AgentMarketplace.IntegrationTests.Storefront;

/// <summary>
/// What every storefront page the tests reach must pass: axe-core finds no serious or critical accessibility
/// violation. Each page is also photographed; with `UPDATE_SCREENSHOTS=1` the pictures replace those in
/// docs/screenshots (committed, shown in the README), otherwise they go to a temporary folder so an ordinary
/// run leaves the work tree as it was.
/// </summary>
internal static class PageChecks
{
    private static readonly string[] Blocking = ["serious", "critical"];

    public static async Task AccessibleAsync(IPage page, string screenshot)
    {
        var result = await page.RunAxe();
        var blocking = result.Violations
            .Where(v => Blocking.Contains(v.Impact))
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}")
            .ToList();
        Assert.True(blocking.Count == 0, $"{page.Url} has accessibility violations:\n{string.Join("\n", blocking)}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, screenshot + ".png"), FullPage = true });
    }

    private static string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
        : Directory.CreateTempSubdirectory("storefront-screenshots-").FullName;

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AgentMarketplace.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AgentMarketplace.sln) is not above the test's folder.");
    }
}
