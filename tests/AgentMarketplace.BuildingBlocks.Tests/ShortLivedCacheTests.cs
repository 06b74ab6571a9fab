using AgentMarketplace.BuildingBlocks.Caching;
using Microsoft.Extensions.Time.Testing;

namespace AgentMarketplace.BuildingBlocks.Tests;

public sealed class ShortLivedCacheTests
{
    private readonly FakeTimeProvider _clock = new();
    private int _loads;

    private ShortLivedCache<string, string> Cache(int seconds = 5) => new(TimeSpan.FromSeconds(seconds), _clock);

    private Func<CancellationToken, Task<string?>> Loader(string? value) => _ =>
    {
        Interlocked.Increment(ref _loads);
        return Task.FromResult(value);
    };

    [Fact]
    public async Task A_value_is_loaded_once_and_served_until_its_lifetime_ends()
    {
        var cache = Cache();

        Assert.Equal("v1", await cache.GetOrLoadAsync("k", Loader("v1"), default));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("v1", await cache.GetOrLoadAsync("k", Loader("v2"), default));
        Assert.Equal(1, _loads);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("v2", await cache.GetOrLoadAsync("k", Loader("v2"), default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task Forget_makes_the_next_read_load_again()
    {
        var cache = Cache();
        await cache.GetOrLoadAsync("k", Loader("old"), default);

        cache.Forget("k");

        Assert.Equal("new", await cache.GetOrLoadAsync("k", Loader("new"), default));
    }

    [Fact]
    public async Task Misses_are_not_kept()
    {
        var cache = Cache();

        Assert.Null(await cache.GetOrLoadAsync("k", Loader(null), default));

        Assert.Equal("created", await cache.GetOrLoadAsync("k", Loader("created"), default));
    }

    [Fact]
    public async Task A_load_that_a_forget_overtook_is_answered_but_not_kept()
    {
        var cache = Cache();
        var release = new TaskCompletionSource<string?>();

        var slowRead = cache.GetOrLoadAsync("k", _ => release.Task, default).AsTask();
        cache.Forget("k");
        release.SetResult("read before the change");

        Assert.Equal("read before the change", await slowRead);
        Assert.Equal("after the change", await cache.GetOrLoadAsync("k", Loader("after the change"), default));
    }

    [Fact]
    public async Task A_zero_lifetime_keeps_nothing()
    {
        var cache = Cache(seconds: 0);

        await cache.GetOrLoadAsync("k", Loader("v1"), default);
        await cache.GetOrLoadAsync("k", Loader("v1"), default);

        Assert.Equal(2, _loads);
    }
}
