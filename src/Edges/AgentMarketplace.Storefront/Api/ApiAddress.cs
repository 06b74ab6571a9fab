using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Storefront.Api;

/// <summary>
/// The API's base URL: `Storefront:ApiBaseUrl` when set, else this host's own listening address, read once
/// the server has started (Kestrel picks the port at start when it is 0). A wildcard host (`+`, `*`,
/// `0.0.0.0`, `[::]`) is called on loopback; plain HTTP is preferred, since a call to oneself needs no TLS.
/// </summary>
internal sealed class ApiAddress(IOptions<StorefrontOptions> options, IServer server)
{
    private Uri? _resolved;

    public Uri BaseUrl => _resolved ??= Resolve();

    private Uri Resolve()
    {
        if (options.Value.ApiBaseUrl is { Length: > 0 } configured)
        {
            return new Uri(configured);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var chosen = addresses.OrderBy(a => a.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("The storefront cannot tell where the API listens: set Storefront:ApiBaseUrl.");
        return Loopback(chosen);
    }

    internal static Uri Loopback(string address)
    {
        var wildcard = address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://[::]", "://[::1]", StringComparison.Ordinal);
        return new Uri(wildcard);
    }
}
