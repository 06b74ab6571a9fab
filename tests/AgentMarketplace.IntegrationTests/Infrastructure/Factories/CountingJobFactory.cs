using AgentMarketplace.BuildingBlocks.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Infrastructure;

/// <summary>A job that counts its runs, shared by every host in the test process.</summary>
public sealed class CountingJob : IScheduledJob
{
    private static int _runs;

    public static int Runs => Volatile.Read(ref _runs);

    public string Name => "test.counting";

    public TimeSpan Interval => TimeSpan.FromHours(1);

    public async Task RunAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _runs);
        // Long enough that a second instance would overlap if it were let in.
        await Task.Delay(50, ct);
    }
}

/// <summary>An instance of the service with the counting job; pass a connection string to share another's database.</summary>
public sealed class CountingJobFactory : MarketplaceApiFactory
{
    private readonly string? _sharedDatabase;

    public CountingJobFactory()
    {
    }

    internal CountingJobFactory(string sharedDatabase) => _sharedDatabase = sharedDatabase;

    protected override string? SharedDatabase => _sharedDatabase;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IScheduledJob, CountingJob>());
    }
}
