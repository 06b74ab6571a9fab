using System.Collections.Concurrent;
using System.Threading.Channels;
using AgentMarketplace.BuildingBlocks.Caching;
using AgentMarketplace.Deployment.Contracts;

namespace AgentMarketplace.McpEdge.Server;

/// <summary>
/// The `subscriptions/listen` streams open on this instance, by caller, and the changes to wake them with:
/// every announcement of a change to a caller's deployments (from any instance) wakes that caller's streams,
/// and a restart of the announcements (some may have been missed) wakes them all. Changes that come while a
/// stream is still sending the last one are coalesced into one more notification.
/// </summary>
internal sealed class ToolListChanges
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Listener, byte>> _listeners = new();

    public ToolListChanges(CacheInvalidation invalidation) =>
        invalidation.Register(DeploymentTopics.UserDeployments, key => Changed(Guid.Parse(key)), ChangedForAll);

    /// <summary>How many streams one caller may hold open on an instance: enough for every client they run.</summary>
    public const int MaxPerCaller = 16;

    /// <summary>A stream for the caller's changes (dispose it when the stream ends), or null when the caller holds <see cref="MaxPerCaller"/> already.</summary>
    public Listener? Listen(Guid userId)
    {
        var listeners = _listeners.GetOrAdd(userId, _ => new ConcurrentDictionary<Listener, byte>());
        if (listeners.Count >= MaxPerCaller)
        {
            return null;
        }

        var listener = new Listener(this, userId);
        listeners[listener] = 0;
        return listener;
    }

    private void Changed(Guid userId)
    {
        if (_listeners.TryGetValue(userId, out var listeners))
        {
            foreach (var listener in listeners.Keys)
            {
                listener.Wake();
            }
        }
    }

    private void ChangedForAll()
    {
        foreach (var listener in _listeners.Values.SelectMany(l => l.Keys))
        {
            listener.Wake();
        }
    }

    private void Remove(Listener listener)
    {
        if (_listeners.TryGetValue(listener.UserId, out var listeners))
        {
            listeners.TryRemove(listener, out _);
        }
    }

    internal sealed class Listener(ToolListChanges owner, Guid userId) : IDisposable
    {
        private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(
            new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

        public Guid UserId => userId;

        /// <summary>Waits for the next change; false when the stream should end.</summary>
        public async ValueTask<bool> NextAsync(CancellationToken ct)
        {
            var more = await _changes.Reader.WaitToReadAsync(ct);
            _changes.Reader.TryRead(out _);
            return more;
        }

        internal void Wake() => _changes.Writer.TryWrite(true);

        public void Dispose() => owner.Remove(this);
    }
}
