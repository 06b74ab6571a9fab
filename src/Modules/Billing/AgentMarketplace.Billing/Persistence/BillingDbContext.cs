using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Billing.Persistence;

internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public const string Schema = "billing";

    public DbSet<UsageRecord> Usage => Set<UsageRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<UsageRecord>(usage =>
        {
            usage.ToTable("usage_events");
            usage.HasKey(u => u.Id);
            usage.Property(u => u.Version).HasMaxLength(128);
            usage.Property(u => u.Capability).HasMaxLength(64);
            usage.HasIndex(u => new { u.UserId, u.OccurredAt });
            usage.HasIndex(u => new { u.AgentId, u.OccurredAt });
        });
    }
}

internal sealed class BillingDesignTimeFactory() : DesignTimeContextFactory<BillingDbContext>(BillingDbContext.Schema)
{
    protected override BillingDbContext Create(DbContextOptions<BillingDbContext> options) => new(options);
}
