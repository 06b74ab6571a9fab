using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Billing.Persistence;

internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public const string Schema = "billing";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);
}

internal sealed class BillingDesignTimeFactory() : DesignTimeContextFactory<BillingDbContext>(BillingDbContext.Schema)
{
    protected override BillingDbContext Create(DbContextOptions<BillingDbContext> options) => new(options);
}
