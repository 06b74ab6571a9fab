using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

/// <summary>A class of its own: it moves the host's clock, which other tests' tokens would feel.</summary>
public sealed class LockoutTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task Ten_failed_logins_in_a_row_lock_the_account_until_the_lockout_passes()
    {
        var email = TestUsers.NewEmail("locked");
        await api.RegisterAsync(email);
        using var client = api.CreateClient();

        for (var attempt = 0; attempt < 10; attempt++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "wrong-password-" + attempt });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        var rightButLocked = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });
        await rightButLocked.AssertProblemAsync(HttpStatusCode.Unauthorized);

        api.Clock.Advance(TimeSpan.FromMinutes(16));
        var afterLockout = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });
        Assert.Equal(HttpStatusCode.OK, afterLockout.StatusCode);
    }

    [Fact]
    public async Task A_successful_login_resets_the_failure_count()
    {
        var email = TestUsers.NewEmail("reset");
        await api.RegisterAsync(email);
        using var client = api.CreateClient();

        for (var round = 0; round < 2; round++)
        {
            for (var attempt = 0; attempt < 9; attempt++)
            {
                await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "wrong-password" });
            }

            var ok = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
    }
}
