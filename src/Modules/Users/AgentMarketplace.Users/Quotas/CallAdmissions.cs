using System.Collections.Concurrent;
using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Users.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentMarketplace.Users.Quotas;

/// <summary>
/// The monthly call quota and spend limit, admitted in memory (<see cref="AdmitCall"/>). This process
/// leases a share of each caller's month (<see cref="QuotaLeaseBook.RenewAsync"/>) and admits calls from it
/// (<see cref="QuotaShare"/>), so a call pays no database round trip for its quota; the calls that happen
/// are reported in the group commit that records them (<see cref="RecordQuotaUse"/>), before their callers
/// are answered. A share grows while a caller keeps using it up (1, 2, 4, … up to
/// <see cref="QuotaShare.MaxAsk"/> calls per renewal), is renewed at least halfway through its lease (so
/// changed limits apply within seconds), and what an idle caller's share has left goes back after
/// <see cref="IdleAfter"/>, for other processes to use — and all of it when the service stops (Users registers
/// first, so this stops after the gateway's group committer has written what was in flight).
/// </summary>
internal sealed class CallAdmissions(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CallAdmissions> logger)
    : BackgroundService
{
    private static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<Guid, QuotaShare> _shares = new();

    /// <summary>Who this process is to the lease rows: a lease belongs to one running process.</summary>
    public Guid Holder { get; } = Guid.NewGuid();

    public async ValueTask<CallAdmission> AdmitAsync(Guid userId, long reserveCents, CancellationToken ct)
    {
        while (true)
        {
            var share = _shares.GetOrAdd(userId, _ => new QuotaShare());
            if (share.TryAdmit(reserveCents, clock.GetUtcNow()) is { } admitted)
            {
                return admitted;
            }

            // One renewal at a time per caller; whoever waited may find the share renewed already.
            await share.Renewing.WaitAsync(ct);
            try
            {
                if (!_shares.TryGetValue(userId, out var current) || current != share)
                {
                    continue; // forgotten while idle, meanwhile
                }

                var now = clock.GetUtcNow();
                if (share.TryAdmit(reserveCents, now) is { } renewedMeanwhile)
                {
                    return renewedMeanwhile;
                }

                var ask = share.NextAsk(now);
                await using var scope = scopes.CreateAsyncScope();
                var lease = await scope.ServiceProvider.GetRequiredService<QuotaLeaseBook>()
                    .RenewAsync(Holder, userId, ask, ask * reserveCents, ct);
                return share.Renewed(lease, reserveCents, clock.GetUtcNow());
            }
            finally
            {
                share.Renewing.Release();
            }
        }
    }

    /// <summary>An admitted call that did not happen (refused by the rate limit, failed, or not recorded) is admitted again.</summary>
    public void GiveBack(Guid userId, DateOnly month, long reservedCents)
    {
        if (_shares.TryGetValue(userId, out var share))
        {
            share.Finished(month, reservedCents, reported: false);
        }
    }

    /// <summary>Calls that Users now counts as used: they leave the share, as they left the lease.</summary>
    public void Reported(IEnumerable<QuotaUse> uses)
    {
        foreach (var use in uses)
        {
            if (_shares.TryGetValue(use.UserId, out var share))
            {
                share.Finished(use.Month, use.ReservedCents, reported: true);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var timer = new PeriodicTimer(IdleAfter / 2, clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await ReturnIdleAsync(clock.GetUtcNow() - IdleAfter);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: everything not in flight goes back below.
        }

        await ReturnIdleAsync(DateTimeOffset.MaxValue);
    }

    private async Task ReturnIdleAsync(DateTimeOffset lastAdmittedBefore)
    {
        foreach (var (userId, share) in _shares)
        {
            if (share.LastAdmitted >= lastAdmittedBefore || !await share.Renewing.WaitAsync(0))
            {
                continue;
            }

            try
            {
                if (share.TakeUnused() is { } unused)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<QuotaLeaseBook>()
                        .ShrinkAsync(Holder, userId, unused.Month, unused.Calls, unused.Cents, CancellationToken.None);
                }
                else if (share.LastAdmitted < clock.GetUtcNow() - ForgetAfter && share.Idle)
                {
                    _shares.TryRemove(userId, out _);
                }
            }
            catch (Exception e)
            {
                // The lease lapses on its own; until then this share only counts against the caller's limits.
                // (An outage is logged once, by DatabaseCircuit, not for every share every half second.)
                logger.Log(e.IsDatabaseUnavailable() ? LogLevel.Debug : LogLevel.Warning, e,
                    "Could not give back the unused quota lease of user {UserId}", userId);
            }
            finally
            {
                share.Renewing.Release();
            }
        }
    }
}
