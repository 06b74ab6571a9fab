using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

public sealed record TestUser(Guid Id, string Email, string Password, string AccessToken);

/// <summary>Builds users through the public API, the way a client would.</summary>
public static class TestUsers
{
    public const string Password = "a-long-enough-passphrase";

    public static string NewEmail(string name = "user") => $"{name}-{Guid.NewGuid():N}@example.com";

    public static async Task<TestUser> RegisterAsync(this MarketplaceApiFactory api, string? email = null, string password = Password)
    {
        email ??= NewEmail();
        using var client = api.CreateClient();
        var registered = await client.PostAsJsonAsync("/api/v1/users/register",
            new { email, password, displayName = "Test User" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var id = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        return new TestUser(id, email, password, await api.LoginAsync(email, password));
    }

    public static async Task<string> LoginAsync(this MarketplaceApiFactory api, string email, string password)
    {
        using var client = api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    public static async Task<TestUser> AdminAsync(this MarketplaceApiFactory api)
    {
        var token = await api.LoginAsync(MarketplaceApiFactory.AdminEmail, MarketplaceApiFactory.AdminPassword);
        using var client = api.ClientWithToken(token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/users/me");
        return new TestUser(me.GetProperty("id").GetGuid(), MarketplaceApiFactory.AdminEmail, MarketplaceApiFactory.AdminPassword, token);
    }

    public static HttpClient ClientFor(this MarketplaceApiFactory api, TestUser user) => api.ClientWithToken(user.AccessToken);

    public static HttpClient ClientWithToken(this MarketplaceApiFactory api, string token)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static HttpClient ClientWithApiKey(this MarketplaceApiFactory api, string key)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
