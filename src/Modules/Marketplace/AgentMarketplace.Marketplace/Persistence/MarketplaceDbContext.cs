using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Persistence;

internal sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options) : DbContext(options)
{
    public const string Schema = "marketplace";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);
}

internal sealed class MarketplaceDesignTimeFactory() : DesignTimeContextFactory<MarketplaceDbContext>(MarketplaceDbContext.Schema)
{
    protected override MarketplaceDbContext Create(DbContextOptions<MarketplaceDbContext> options) => new(options);
}
