using AgentMarketplace.Marketplace.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Marketplace.Listings;

/// <summary>
/// What time alone changes in the search document: scheduled prices coming into force, and days
/// sliding out of the popularity window; also fills listings that predate the search fields. Both steps are idempotent, so two instances running it
/// at once do no harm.
/// </summary>
internal sealed class MarketplaceMaintenance(
    IServiceScopeFactory scopes, IOptions<MarketplaceOptions> options, TimeProvider clock, ILogger<MarketplaceMaintenance> logger)
    : BackgroundService
{
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var marketplace = scope.ServiceProvider.GetRequiredService<MarketplaceManager>();
        await marketplace.FillMissingCatalogAsync(ct);
        var repriced = await marketplace.ApplyScheduledPricingAsync(ct);
        await scope.ServiceProvider.GetRequiredService<ActivityCounter>().RefreshAllAsync(ct);
        if (repriced > 0)
        {
            logger.LogInformation("Brought {Count} listings to their new pricing", repriced);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.MaintenanceIntervalSeconds), clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Marketplace maintenance failed; retrying at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
