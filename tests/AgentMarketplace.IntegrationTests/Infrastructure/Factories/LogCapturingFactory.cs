using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>Every Serilog event a host writes, kept for assertions.</summary>
public sealed class LogCollector : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
}

/// <summary>The host with a <see cref="LogCollector"/> among its log sinks.</summary>
public sealed class LogCapturingFactory : MarketplaceApiFactory
{
    public LogCollector Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<ILogEventSink>(Logs));
    }
}
