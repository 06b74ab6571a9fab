using System.Net;
using System.Net.Http.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class PerAddressLoginLimitTests(PerAddressLoginLimitFactory api) : IClassFixture<PerAddressLoginLimitFactory>
{
    [Fact]
    public async Task Logins_from_one_address_beyond_the_limit_get_429_with_Retry_After()
    {
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 7; i++)
        {
            // A different account each time: only the address is common.
            var response = await client.PostAsJsonAsync("/api/v1/auth/token",
                new { email = TestUsers.NewEmail(), password = "whatever-password" });
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.NotNull(limited);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After");
    }
}

public sealed class PerAccountLoginLimitTests(PerAccountLoginLimitFactory api) : IClassFixture<PerAccountLoginLimitFactory>
{
    [Fact]
    public async Task Logins_for_one_account_beyond_the_limit_get_429_with_Retry_After_even_with_the_right_password()
    {
        var email = TestUsers.NewEmail("hammered");
        using var client = api.CreateClient();
        await client.PostAsJsonAsync("/api/v1/users/register", new { email, password = TestUsers.Password, displayName = "H" });

        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = "wrong-password" });
        }

        var limited = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password = TestUsers.Password });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without a Retry-After");
        var otherAccount = await client.PostAsJsonAsync("/api/v1/auth/token",
            new { email = TestUsers.NewEmail(), password = "wrong-password" });
        await otherAccount.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}
