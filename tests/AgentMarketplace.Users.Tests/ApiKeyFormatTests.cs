using AgentMarketplace.Users.ApiKeys;

namespace AgentMarketplace.Users.Tests;

public sealed class ApiKeyFormatTests
{
    [Fact]
    public void New_keys_are_prefixed_unique_and_recognised()
    {
        var keys = Enumerable.Range(0, 1000).Select(_ => ApiKeyFormat.NewKey()).ToList();

        Assert.All(keys, key =>
        {
            Assert.StartsWith("amk_", key, StringComparison.Ordinal);
            Assert.True(ApiKeyFormat.LooksLikeKey(key));
        });
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void The_display_prefix_is_short_and_starts_the_key()
    {
        var key = ApiKeyFormat.NewKey();

        var prefix = ApiKeyFormat.DisplayPrefix(key);

        Assert.StartsWith(prefix, key, StringComparison.Ordinal);
        Assert.True(prefix.Length < key.Length / 2, "the prefix must not reveal most of the secret");
    }

    [Fact]
    public void The_hash_is_stable_and_differs_per_key()
    {
        var key = ApiKeyFormat.NewKey();

        Assert.Equal(ApiKeyFormat.Hash(key), ApiKeyFormat.Hash(key));
        Assert.NotEqual(ApiKeyFormat.Hash(key), ApiKeyFormat.Hash(ApiKeyFormat.NewKey()));
        Assert.Equal(64, ApiKeyFormat.Hash(key).Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("amk_")]
    [InlineData("xyz_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("amk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!")]
    [InlineData("amk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_keys_are_not_recognised(string key) => Assert.False(ApiKeyFormat.LooksLikeKey(key));
}
