using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// A host with a small agent-answer limit (a long echo is an agent failure) and one route that
/// throws, standing in for a bug (<see cref="ThrowingRoute"/>).
/// </summary>
public sealed class ErrorReportingFactory : MarketplaceApiFactory
{
    public const int MaxResponseBytes = 4096;
    public const string BrokenPath = "/api/v1/test-only/broken";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Deployment:MaxResponseBytes"] = MaxResponseBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ThrowingRoute(BrokenPath, "connection string password=hunter2")));
    }
}
