using System.Collections.Concurrent;
using System.Collections.Immutable;
using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentMarketplace.BuildingBlocks.Caching;

/// <summary>
/// Tells every instance of the service on the database to forget a cached entry, through PostgreSQL
/// LISTEN/NOTIFY: a change announced here reaches all instances as it commits. Caches registered here
/// are trusted only while this instance is listening; while it is not (starting, or the listening
/// connection lost), they read through, and they start empty each time listening (re)starts, so a
/// missed notification can never leave a stale entry behind.
/// </summary>
public sealed class CacheInvalidation
{
    internal const string Channel = "amk_cache_invalidation";

    private readonly ConcurrentDictionary<string, ImmutableArray<(Action<string> Forget, Action Clear)>> _topics = new();
    private volatile bool _listening;

    public bool Listening => _listening;

    /// <summary>
    /// A cache (or anything else kept per key) that obeys <paramref name="topic"/>'s announcements:
    /// <paramref name="forget"/> one key, <paramref name="clear"/> all. A topic may have several subscribers.
    /// </summary>
    public void Register(string topic, Action<string> forget, Action clear) =>
        _topics.AddOrUpdate(topic, _ => [(forget, clear)], (_, subscribers) => subscribers.Add((forget, clear)));

    /// <summary>Announces (to this instance as well) that <paramref name="key"/> of <paramref name="topic"/> changed; call it in the changing transaction or after it.</summary>
    public async Task AnnounceAsync(DbContext db, string topic, string key, CancellationToken ct)
    {
        var payload = topic + ":" + key;
        Received(payload);
        await NotifyChannels.NotifyAsync(db, Channel, payload, ct);
    }

    internal void Received(string payload)
    {
        var split = payload.IndexOf(':', StringComparison.Ordinal);
        if (split > 0 && _topics.TryGetValue(payload[..split], out var subscribers))
        {
            var key = payload[(split + 1)..];
            foreach (var subscriber in subscribers)
            {
                subscriber.Forget(key);
            }
        }
    }

    internal void StartedListening()
    {
        foreach (var subscriber in _topics.Values.SelectMany(subscribers => subscribers))
        {
            subscriber.Clear();
        }

        _listening = true;
    }

    internal void StoppedListening() => _listening = false;
}

/// <summary>
/// Holds the LISTEN connection for <see cref="CacheInvalidation"/>, reconnecting when it drops: every
/// <see cref="DatabaseCircuit.RetryAfter"/>, through the circuit, so attempts cost nothing while PostgreSQL
/// is known to be down (an outage is logged by the circuit, not on every attempt).
/// </summary>
internal sealed class CacheInvalidationListener(
    CacheInvalidation invalidation, IConfiguration configuration, DatabaseCircuit database, ILogger<CacheInvalidationListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Its own physical connection, not a pooled one: it lives as long as the service, and when
                // the service stops it must close rather than wait idle in a pool.
                var connectionString = new NpgsqlConnectionStringBuilder(ModuleDatabaseRegistration.PlatformConnectionString(configuration))
                {
                    Pooling = false,
                    KeepAlive = 30,
                };
                await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
                connection.Notification += (_, e) => invalidation.Received(e.Payload);
                await database.OpenAsync(connection, stoppingToken);
                await NotifyChannels.ListenAsync(connection, CacheInvalidation.Channel, stoppingToken);

                invalidation.StartedListening();
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.Log(e.IsDatabaseUnavailable() ? LogLevel.Debug : LogLevel.Warning, e,
                    "Cache invalidation is not listening; caches read through until it is back");
            }
            finally
            {
                invalidation.StoppedListening();
            }

            await Task.Delay(database.RetryAfter, TimeProvider.System, stoppingToken);
        }
    }
}

public static class CacheInvalidationRegistration
{
    /// <summary>For every module whose caches obey it; registering it twice changes nothing.</summary>
    public static IServiceCollection AddCacheInvalidation(this IServiceCollection services)
    {
        services.TryAddSingleton<CacheInvalidation>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CacheInvalidationListener>());
        return services;
    }
}
