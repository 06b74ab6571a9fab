using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>The real host plus one route that fails the way a bug would.</summary>
public sealed class FailingRouteFactory : MarketplaceApiFactory
{
    public const string Secret = "connection-string-password=hunter2";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingRoute>());
    }

    private sealed class FailingRoute : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/test/bug", bug => bug.Run(_ => throw new InvalidOperationException(Secret)));
        };
    }
}
