using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Persistence;

internal sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public const string Schema = "registry";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);
}

internal sealed class RegistryDesignTimeFactory() : DesignTimeContextFactory<RegistryDbContext>(RegistryDbContext.Schema)
{
    protected override RegistryDbContext Create(DbContextOptions<RegistryDbContext> options) => new(options);
}
