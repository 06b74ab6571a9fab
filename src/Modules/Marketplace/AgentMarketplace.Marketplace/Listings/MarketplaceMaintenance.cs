using AgentMarketplace.BuildingBlocks.Scheduling;
using AgentMarketplace.Marketplace.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentMarketplace.Marketplace.Listings;

/// <summary>
/// What time alone changes in the search document: scheduled prices coming into force, and days
/// sliding out of the popularity window; also fills listings that predate the search fields. Every
/// step is idempotent, so two instances running it at once would do no harm (the scheduler runs it
/// on one anyway).
/// </summary>
internal sealed class MarketplaceMaintenance(
    IServiceScopeFactory scopes, IOptions<MarketplaceOptions> options, ILogger<MarketplaceMaintenance> logger) : IScheduledJob
{
    public string Name => "marketplace.maintenance";

    public TimeSpan Interval => TimeSpan.FromSeconds(options.Value.MaintenanceIntervalSeconds);

    public Task RunAsync(CancellationToken ct) => RunOnceAsync(ct);

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
}
