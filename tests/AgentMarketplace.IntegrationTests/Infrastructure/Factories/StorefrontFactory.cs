using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The real host on Kestrel (a free loopback port, real sockets) rather than the in-memory test server: a
/// browser can only reach a real port, and the storefront calls the API at the host's own address.
/// </summary>
public sealed class StorefrontFactory : MarketplaceApiFactory, IAsyncLifetime
{
    public StorefrontFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>Where the site listens, e.g. http://127.0.0.1:41234 (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }
}
