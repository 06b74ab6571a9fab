using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentMarketplace.IntegrationTests.Infrastructure;

namespace AgentMarketplace.IntegrationTests.Users;

public sealed class ApiKeyTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private async Task<JsonElement> CreateKeyAsync(TestUser user, string name = "ci")
    {
        using var client = api.ClientFor(user);
        return await (await client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name })).JsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_new_key_is_shown_once_and_listed_by_prefix_without_secret()
    {
        var user = await api.RegisterAsync();
        var created = await CreateKeyAsync(user, "deploy bot");
        var key = created.GetProperty("key").GetString()!;

        Assert.StartsWith("amk_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 4 + 43, "a key carries at least 32 random bytes");
        Assert.StartsWith(created.GetProperty("prefix").GetString()!, key, StringComparison.Ordinal);

        using var client = api.ClientFor(user);
        var list = await (await client.GetAsync("/api/v1/users/me/api-keys")).JsonAsync(HttpStatusCode.OK);
        var listed = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("deploy bot", listed.GetProperty("name").GetString());
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.DoesNotContain(key, list.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hash", list.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_api_key_authenticates_like_a_jwt()
    {
        var user = await api.RegisterAsync();
        var key = (await CreateKeyAsync(user)).GetProperty("key").GetString()!;

        using var client = api.ClientWithApiKey(key);
        var me = await (await client.GetAsync("/api/v1/users/me")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(user.Id, me.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_revoked_key_gets_401_on_the_next_request()
    {
        var user = await api.RegisterAsync();
        var created = await CreateKeyAsync(user);
        using var withKey = api.ClientWithApiKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/v1/users/me")).StatusCode);

        using var owner = api.ClientFor(user);
        var revoke = await owner.DeleteAsync($"/api/v1/users/me/api-keys/{created.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        await (await withKey.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var list = await (await owner.GetAsync("/api/v1/users/me/api-keys")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, list.GetProperty("items")[0].GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task Revoking_another_users_key_is_404_and_the_key_keeps_working()
    {
        var owner = await api.RegisterAsync();
        var intruder = await api.RegisterAsync();
        var created = await CreateKeyAsync(owner);

        using var client = api.ClientFor(intruder);
        var revoke = await client.DeleteAsync($"/api/v1/users/me/api-keys/{created.GetProperty("id").GetGuid()}");

        await revoke.AssertProblemAsync(HttpStatusCode.NotFound);
        using var withKey = api.ClientWithApiKey(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/v1/users/me")).StatusCode);
    }

    [Fact]
    public async Task Another_users_keys_are_not_listed()
    {
        var owner = await api.RegisterAsync();
        var other = await api.RegisterAsync();
        await CreateKeyAsync(owner, "owner's key");

        using var client = api.ClientFor(other);
        var list = await (await client.GetAsync("/api/v1/users/me/api-keys")).JsonAsync(HttpStatusCode.OK);

        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_key_in_the_query_string_is_not_accepted()
    {
        var user = await api.RegisterAsync();
        var key = (await CreateKeyAsync(user)).GetProperty("key").GetString()!;

        using var client = api.CreateClient();
        var response = await client.GetAsync($"/api/v1/users/me?api_key={key}&X-Api-Key={key}");

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("amk_short")]
    [InlineData("not-a-key-at-all")]
    [InlineData("amk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Malformed_or_unknown_keys_are_401(string key)
    {
        using var client = api.ClientWithApiKey(key);

        await (await client.GetAsync("/api/v1/users/me")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Keys_page_with_a_cursor_without_gaps_or_duplicates()
    {
        var user = await api.RegisterAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await CreateKeyAsync(user, $"key {i}")).GetProperty("id").GetGuid());
            // Keys of one instant are ordered by id, and two ids (UUIDv7) of one millisecond are in random
            // order: each key gets an instant of its own, so newest first is the order they were made in.
            api.Clock.Advance(TimeSpan.FromMilliseconds(1));
        }

        using var client = api.ClientFor(user);
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/users/me/api-keys?limit=2" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await (await client.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(k => k.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(created.AsEnumerable().Reverse(), seen);
    }

    [Theory]
    [InlineData("?limit=101")]
    [InlineData("?limit=0")]
    [InlineData("?cursor=forged-cursor")]
    [InlineData("?cursor=eyJub3QiOiJhIGN1cnNvciJ9")]
    public async Task Bad_paging_parameters_are_a_400(string query)
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var response = await client.GetAsync("/api/v1/users/me/api-keys" + query);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_key_needs_a_name()
    {
        var user = await api.RegisterAsync();
        using var client = api.ClientFor(user);

        var response = await client.PostAsJsonAsync("/api/v1/users/me/api-keys", new { name = " " });

        await response.AssertValidationErrorAsync("name");
    }
}
