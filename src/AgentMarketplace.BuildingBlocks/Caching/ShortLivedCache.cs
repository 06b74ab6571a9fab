using System.Collections.Concurrent;

namespace AgentMarketplace.BuildingBlocks.Caching;

/// <summary>
/// Keeps what a hot path reads on every request for a few seconds. The instance that changes a value
/// forgets it at once; other instances of the service see the change when the entry expires, so the
/// lifetime is the longest another instance can act on an old value. A load that started before a
/// <see cref="Forget"/> is not kept, so a slow read cannot put back what a change just removed.
/// Misses (a loader answering null) are never kept: the first request after a create sees it.
/// </summary>
public sealed class ShortLivedCache<TKey, TValue>(TimeSpan lifetime, TimeProvider clock)
    where TKey : notnull
    where TValue : class
{
    // Expired entries are only replaced when read again; beyond this many, a write sweeps them out.
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset Until)> _entries = new();
    private long _generation;
    private CacheInvalidation? _invalidation;

    /// <summary>
    /// Makes every instance forget a key of this cache when <paramref name="topic"/> announces it, and
    /// read through while announcements cannot be received (see <see cref="CacheInvalidation"/>).
    /// </summary>
    public ShortLivedCache<TKey, TValue> ObeyInvalidation(CacheInvalidation invalidation, string topic, Func<string, TKey> parseKey)
    {
        invalidation.Register(topic, key => Forget(parseKey(key)), Clear);
        _invalidation = invalidation;
        return this;
    }

    public async ValueTask<TValue?> GetOrLoadAsync(TKey key, Func<CancellationToken, Task<TValue?>> load, CancellationToken ct)
    {
        if (_invalidation is { Listening: false })
        {
            return await load(ct);
        }

        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            return entry.Value;
        }

        var generation = Interlocked.Read(ref _generation);
        var value = await load(ct);
        if (value is not null && lifetime > TimeSpan.Zero && Interlocked.Read(ref _generation) == generation)
        {
            if (_entries.Count >= SweepAbove)
            {
                Sweep(now);
            }

            var stored = (value, now + lifetime);
            _entries[key] = stored;
            if (Interlocked.Read(ref _generation) != generation)
            {
                // A Forget raced the write: take back exactly what was written, never a newer entry.
                _entries.TryRemove(new KeyValuePair<TKey, (TValue, DateTimeOffset)>(key, stored));
            }
        }

        return value;
    }

    public void Forget(TKey key)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(key, out _);
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.Until <= now)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
