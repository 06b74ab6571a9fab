using System.Net;
using System.Net.Sockets;

namespace AgentMarketplace.AgentProtocol;

/// <summary>
/// SSRF guard for publisher-supplied URLs: http(s) only, and no loopback, link-local (incl. cloud
/// metadata at 169.254.169.254), private, shared, multicast or unspecified addresses unless private
/// endpoints are allowed (development and tests, where agents run on this machine), or the host is one
/// an operator named as allowed (<c>AllowedPrivateHosts</c>, such as a compose network's sample agent):
/// the guard stays on for every other host.
/// </summary>
public static class EndpointPolicy
{
    /// <summary>Why the URL may not be called, or null. Checks the address of an IP-literal host.</summary>
    public static string? CheckUrl(string? url, bool allowPrivate, IReadOnlyCollection<string>? allowedHosts = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "must be an absolute URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must use http or https.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials.";
        }

        if (IsAllowedHost(uri.IdnHost, allowedHosts))
        {
            return null;
        }

        if (!allowPrivate && uri.IsLoopback)
        {
            return "must not point at this machine.";
        }

        return IPAddress.TryParse(uri.IdnHost, out var address) && !IsAllowed(address, allowPrivate)
            ? "must not point at a loopback, link-local, private or multicast address."
            : null;
    }

    /// <summary>Why the URL's host resolves somewhere we may not call, or null.</summary>
    public static async Task<string?> CheckResolvedAsync(
        string url, bool allowPrivate, CancellationToken ct, IReadOnlyCollection<string>? allowedHosts = null)
    {
        if (CheckUrl(url, allowPrivate, allowedHosts) is { } refused)
        {
            return refused;
        }

        var uri = new Uri(url);
        if (allowPrivate || IsAllowedHost(uri.IdnHost, allowedHosts))
        {
            return null;
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, ct);
            return addresses.Length == 0 || addresses.Any(a => !IsAllowed(a, allowPrivate))
                ? "resolves to a loopback, link-local, private or multicast address."
                : null;
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return "has a host name that does not resolve.";
        }
    }

    /// <summary>Whether an operator allowed <paramref name="host"/> by name, wherever it resolves.</summary>
    public static bool IsAllowedHost(string host, IReadOnlyCollection<string>? allowedHosts) =>
        allowedHosts is { Count: > 0 } && allowedHosts.Any(allowed => string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase));

    public static bool IsAllowed(IPAddress address, bool allowPrivate)
    {
        if (allowPrivate)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var v6 = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (v6[0] & 0xFE) == 0xFC                                     // fc00::/7 unique local
                || EmbedsIPv4(v6));
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0                                   // 0.0.0.0/8 "this network"
            || b[0] == 10                                    // 10.0.0.0/8
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)    // 100.64.0.0/10 carrier-grade NAT
            || b[0] == 127                                   // loopback
            || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)     // 172.16.0.0/12
            || (b[0] == 192 && b[1] == 168)                  // 192.168.0.0/16
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // 192.0.0.0/24 protocol assignments
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19))   // benchmarking
            || b[0] >= 224);                                 // multicast and reserved
    }

    /// <summary>
    /// IPv6 forms that carry an IPv4 address a gateway may translate to (so 64:ff9b::a9fe:a9fe can
    /// reach 169.254.169.254): NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16), Teredo
    /// (2001::/32) and IPv4-compatible (::/96). Refused outright rather than unwrapped.
    /// </summary>
    private static bool EmbedsIPv4(byte[] v6) =>
        (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xFF && v6[3] == 0x9B)
        || (v6[0] == 0x20 && v6[1] == 0x02)
        || (v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x00 && v6[3] == 0x00)
        || v6.Take(12).All(b => b == 0);

    /// <summary>
    /// A handler that checks the address it actually connects to (so DNS rebinding between the
    /// registration check and the call cannot slip through) and never follows redirects.
    /// </summary>
    public static SocketsHttpHandler CreateHandler(bool allowPrivate, IReadOnlyCollection<string>? allowedHosts = null) => new()
    {
        AllowAutoRedirect = false,
        // Through a proxy, the connect callback would see the proxy's address, not the agent's.
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ConnectCallback = async (context, ct) =>
        {
            var host = context.DnsEndPoint.Host;
            var addresses = await Dns.GetHostAddressesAsync(host, ct);
            var allowed = addresses.Where(a => IsAllowed(a, allowPrivate || IsAllowedHost(host, allowedHosts))).ToArray();
            if (allowed.Length == 0)
            {
                throw new EndpointRefusedException(context.DnsEndPoint.Host);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

public sealed class EndpointRefusedException(string host)
    : HttpRequestException($"Refused to connect to {host}: it resolves only to addresses the platform may not call.");
