using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Marketplace.Persistence;

internal sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options) : DbContext(options)
{
    public const string Schema = "marketplace";

    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<ListingPrice> Prices => Set<ListingPrice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Listing>(listing =>
        {
            listing.HasKey(l => l.Id);
            listing.HasIndex(l => l.AgentId).IsUnique();
            listing.Property(l => l.AgentSlug).HasMaxLength(64);
            listing.Property(l => l.Status).HasMaxLength(16);
            listing.Property(l => l.RowVersion).IsRowVersion();
            listing.HasMany(l => l.Prices).WithOne().HasForeignKey(p => p.ListingId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ListingPrice>(price =>
        {
            price.HasKey(p => new { p.ListingId, p.EffectiveFrom });
            price.Property(p => p.Pricing).HasColumnType("jsonb");
        });
    }
}

internal sealed class MarketplaceDesignTimeFactory() : DesignTimeContextFactory<MarketplaceDbContext>(MarketplaceDbContext.Schema)
{
    protected override MarketplaceDbContext Create(DbContextOptions<MarketplaceDbContext> options) => new(options);
}
