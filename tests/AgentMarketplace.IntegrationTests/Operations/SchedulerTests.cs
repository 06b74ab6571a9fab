using AgentMarketplace.IntegrationTests.Billing;
using AgentMarketplace.IntegrationTests.Infrastructure;
using AgentMarketplace.Operations.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace AgentMarketplace.IntegrationTests.Operations;

public sealed class SchedulerTests(CountingJobFactory first) : IClassFixture<CountingJobFactory>
{
    [Fact]
    public async Task Two_instances_on_one_database_never_run_a_job_twice_in_its_interval()
    {
        await using var second = new CountingJobFactory(first.ConnectionString);
        await second.InitializeAsync();
        using var firstClient = first.CreateClient();
        using var secondClient = second.CreateClient();
        // One moment on both clocks (each host has its own fake clock, and the second was made later).
        var now = first.Clock.GetUtcNow() > second.Clock.GetUtcNow() ? first.Clock.GetUtcNow() : second.Clock.GetUtcNow();
        first.Clock.SetUtcNow(now);
        second.Clock.SetUtcNow(now);
        var schedulers = new[] { first.Services.GetRequiredService<JobScheduler>(), second.Services.GetRequiredService<JobScheduler>() };

        // Both instances, many times over, at once (and their own timers at start-up): due once.
        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => schedulers).Select(s => s.RunDueAsync(CancellationToken.None)));
        Assert.Equal(1, await RunsClaimedAsync());

        foreach (var host in new MarketplaceApiFactory[] { first, second })
        {
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => schedulers).Select(s => s.RunDueAsync(CancellationToken.None)));
        Assert.Equal(2, await RunsClaimedAsync());

        // A claimed run starts at once, but on the scheduler's own task: wait until the last one is counted, then compare.
        await Eventually.TrueAsync(() => Task.FromResult(CountingJob.Runs >= 2), Eventually.Timeout, "Both claimed runs should have started");
        Assert.Equal(2, CountingJob.Runs);
    }

    private Task<long> RunsClaimedAsync() =>
        first.ScalarAsync("SELECT coalesce(sum(runs), 0) FROM operations.job_runs WHERE job = 'test.counting'");
}
