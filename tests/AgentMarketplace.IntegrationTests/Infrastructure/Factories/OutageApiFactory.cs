using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>
/// The host on a PostgreSQL server of its own (<see cref="TestPostgres.StartDedicatedAsync"/>), which its
/// tests stop and start again; the host's log events are kept for them to read.
/// </summary>
public sealed class OutageApiFactory : MarketplaceApiFactory, IAsyncLifetime
{
    private DedicatedPostgres? _server;

    public LogCollector Logs { get; } = new();

    public DedicatedPostgres Postgres => _server ?? throw new InvalidOperationException("The factory has not been initialized.");

    protected override async Task<string> CreateDatabaseAsync()
    {
        _server = await TestPostgres.StartDedicatedAsync();
        return _server.ConnectionString;
    }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        // The outage's warning and its recovery line, which the tests count.
        ["Serilog:MinimumLevel:Override:AgentMarketplace.BuildingBlocks.Persistence"] = "Information",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
