using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The real host plus one route that fails the way a bug would.</summary>
public sealed class FailingRouteFactory : MarketplaceApiFactory
{
    public const string Secret = "connection-string-password=hunter2";

    /// <summary>Under the API's prefix, as a bug in an API route would be (elsewhere the storefront answers unknown pages).</summary>
    public const string BuggyPath = "/api/v1/test-only/bug";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ThrowingRoute(BuggyPath, Secret)));
    }
}
