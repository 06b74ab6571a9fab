using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The host with the service container checked as Development checks it when it starts: every registered
/// service must be constructible (and no singleton may hold a scoped one). Testing skips those checks.
/// </summary>
public sealed class ValidatingContainerFactory : MarketplaceApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseDefaultServiceProvider(options =>
        {
            options.ValidateOnBuild = true;
            options.ValidateScopes = true;
        });
    }
}
