using System.Collections.Concurrent;
using System.Diagnostics;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace AgentMarketplace.AgentProtocol;

/// <summary>Which session a call uses: per endpoint and circuit (a deployment), with the limits its transport enforces.</summary>
internal sealed record McpSessionKey(string EndpointUrl, string? CircuitKey, long MaxResponseBytes, TimeSpan Timeout);

/// <summary>
/// Connected MCP clients, kept so that a call is one HTTP round trip: the SDK's handshake (`server/discover`
/// or `initialize` + `notifications/initialized`) runs once per session, not once per call. A session is
/// per endpoint and per deployment (the gateway's circuit key), never shared between two consumers'
/// deployments, since a server may keep state in it. Sessions are renewed after <see cref="MaxAge"/> (the
/// factory's handler rotation and DNS changes reach them) and at most <see cref="MaxSessions"/> are kept.
/// Each client sends through the named client's own handler pipeline, so the SSRF guard and the circuit
/// breaker see every request the SDK makes.
/// </summary>
internal sealed class McpSessions(IHttpMessageHandlerFactory handlers, string clientName) : IAsyncDisposable
{
    public const int MaxSessions = 1000;

    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    private static readonly Implementation ClientInfo = new() { Name = "agent-marketplace", Version = "1.0" };

    private readonly ConcurrentDictionary<McpSessionKey, Session> _sessions = new();

    /// <summary>A connected client for <paramref name="key"/>, made now or earlier; waits at most until <paramref name="ct"/>.</summary>
    public async Task<McpClient> ConnectAsync(McpSessionKey key, CancellationToken ct)
    {
        while (true)
        {
            var session = _sessions.GetOrAdd(key, k => new Session(new Lazy<Task<McpClient>>(() => ConnectNewAsync(k)), Stopwatch.GetTimestamp()));
            if (session.IsStale)
            {
                Forget(key, session);
                continue;
            }

            if (_sessions.Count > MaxSessions)
            {
                EvictOne(key);
            }

            try
            {
                return await session.Client.Value.WaitAsync(ct);
            }
            catch
            {
                // A failed connect is not kept: the next call tries again.
                if (session.Client.Value.IsFaulted || session.Client.Value.IsCanceled)
                {
                    Forget(key, session);
                }

                throw;
            }
        }
    }

    /// <summary>Drops the session (after a transport failure, or when the server forgot it) so the next call connects anew.</summary>
    public void Forget(McpSessionKey key)
    {
        if (_sessions.TryGetValue(key, out var session))
        {
            Forget(key, session);
        }
    }

    private void Forget(McpSessionKey key, Session session)
    {
        if (_sessions.TryRemove(KeyValuePair.Create(key, session)))
        {
            _ = CloseLaterAsync(session, key.Timeout);
        }
    }

    /// <summary>
    /// Other calls may still be running on a session one call gave up on (a tool that hangs, an answer too
    /// large): each has at most the key's timeout left, so the client is closed once that has passed.
    /// </summary>
    private static async Task CloseLaterAsync(Session session, TimeSpan timeout)
    {
        await Task.Delay(timeout + TimeSpan.FromSeconds(1));
        await CloseAsync(session);
    }

    private void EvictOne(McpSessionKey keep)
    {
        foreach (var (key, session) in _sessions)
        {
            if (key != keep)
            {
                Forget(key, session);
                return;
            }
        }
    }

    private async Task<McpClient> ConnectNewAsync(McpSessionKey key)
    {
        // Not the first caller's token: the session outlives that call, and other callers may be waiting on it.
        using var connecting = new CancellationTokenSource(key.Timeout);
        var guard = new McpHttpGuard(key.MaxResponseBytes, key.CircuitKey, key.Timeout) { InnerHandler = handlers.CreateHandler(clientName) };
        // The factory owns the inner handler, so neither the client nor the guard is ever disposed.
        var http = new HttpClient(guard, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(key.EndpointUrl),
            TransportMode = HttpTransportMode.StreamableHttp,
            ConnectionTimeout = key.Timeout,
            // No standing GET stream per session, no resumption loops, and no DELETE to a server that may hang.
            EnableStandaloneGetStream = false,
            MaxReconnectionAttempts = 0,
            OwnsSession = false,
        }, http, loggerFactory: null, ownsHttpClient: false);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ClientInfo = ClientInfo,
            InitializationTimeout = key.Timeout,
            // A server from before 2026-07-28 may drop `server/discover`; half the budget is left for `initialize`.
            DiscoverProbeTimeout = key.Timeout / 2,
        }, loggerFactory: null, connecting.Token);
    }

    private static async Task CloseAsync(Session session)
    {
        if (!session.Client.IsValueCreated)
        {
            return;
        }

        try
        {
            var client = await session.Client.Value;
            await client.DisposeAsync();
        }
        catch (Exception)
        {
            // A session that never connected, or closes badly, has nothing left to release.
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (key, session) in _sessions)
        {
            if (_sessions.TryRemove(KeyValuePair.Create(key, session)))
            {
                await CloseAsync(session);
            }
        }
    }

    private sealed record Session(Lazy<Task<McpClient>> Client, long CreatedAt)
    {
        public bool IsStale => Stopwatch.GetElapsedTime(CreatedAt) > MaxAge
            || (Client.IsValueCreated && Client.Value.IsCompletedSuccessfully && Client.Value.Result.Completion.IsCompleted);
    }
}
