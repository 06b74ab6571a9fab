using AgentMarketplace.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AgentMarketplace.IntegrationTests.Storefront;

/// <summary>Signing up and in through the storefront's own forms, as a visitor does.</summary>
internal static class StorefrontAccounts
{
    /// <summary>Fills in the sign-up page the browser is on, as a new user named <paramref name="name"/>; returns the email.</summary>
    public static async Task<string> SignUpAsync(IPage page, string name)
    {
        var email = TestUsers.NewEmail("storefront");
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        return email;
    }

    /// <summary>Signs in through the sign-in page, which then returns to <paramref name="returnPath"/>.</summary>
    public static async Task SignInAsync(IPage page, string email, string returnPath)
    {
        await page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnPath)}");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }
}
