using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Operations.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.Operations.Scheduling;

/// <summary>
/// The platform's one scheduler: every few seconds it offers each module's <see cref="IScheduledJob"/>
/// a run, and runs it only if this instance claims the interval first — a single UPDATE that moves the
/// job's last start forward only while it is due. PostgreSQL's row lock makes a second instance's
/// claim wait and then find the job no longer due, so no job runs twice in an interval. While PostgreSQL
/// cannot be reached a round stops at its first claim, which fails at once (DatabaseCircuit, which also
/// logs the outage); the jobs run again on the first tick after it answers.
/// </summary>
internal sealed class JobScheduler(
    IEnumerable<IScheduledJob> jobs, IServiceScopeFactory scopes, TimeProvider clock, ILogger<JobScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestTick = TimeSpan.FromSeconds(5);

    // Ticks land a little late or early; a job is due half a tick before its interval has passed, so a
    // job whose interval equals the tick still runs every tick rather than every other one.
    private readonly TimeSpan _tick = jobs.Select(j => j.Interval).Append(LongestTick).Min();

    /// <summary>Runs every job whose interval has passed and that this instance claimed; returns their names.</summary>
    public async Task<IReadOnlyList<string>> RunDueAsync(CancellationToken ct)
    {
        var ran = new List<string>();
        foreach (var job in jobs)
        {
            try
            {
                if (await TryClaimAsync(job, ct))
                {
                    ran.Add(job.Name);
                    await job.RunAsync(ct);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e.IsDatabaseUnavailable())
            {
                break;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "Scheduled job {Job} failed; it runs again next interval", job.Name);
            }
        }

        return ran;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_tick, clock);
        do
        {
            await RunDueAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<bool> TryClaimAsync(IScheduledJob job, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var now = clock.GetUtcNow();
        var claimed = await JobRunStatements.TryClaimAsync(db, job.Name, now, due: now - job.Interval + _tick / 2, ct);
        return claimed;
    }
}
