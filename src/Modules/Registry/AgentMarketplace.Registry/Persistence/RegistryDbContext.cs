using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Registry.Persistence;

internal sealed class RegistryDbContext(DbContextOptions<RegistryDbContext> options) : DbContext(options)
{
    public const string Schema = "registry";

    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<AgentVersion> Versions => Set<AgentVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<Agent>(agent =>
        {
            agent.HasKey(a => a.Id);
            agent.Property(a => a.Slug).HasMaxLength(64);
            agent.HasIndex(a => a.Slug).IsUnique();
            agent.Property(a => a.Name).HasMaxLength(100);
            agent.Property(a => a.Description).HasMaxLength(5000);
            agent.HasIndex(a => new { a.OwnerId, a.CreatedAt });
            agent.Property(a => a.RowVersion).IsRowVersion();
            agent.Property(a => a.McpServer).HasColumnType("jsonb");
            agent.HasMany(a => a.Versions).WithOne().HasForeignKey(v => v.AgentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AgentVersion>(version =>
        {
            version.HasKey(v => v.Id);
            version.Property(v => v.Version).HasMaxLength(128);
            version.HasIndex(v => new { v.AgentId, v.Version }).IsUnique();
            version.Property(v => v.EndpointUrl).HasMaxLength(2048);
            version.Property(v => v.Protocol).HasMaxLength(16);
            version.Property(v => v.ProtocolVersion).HasMaxLength(8);
            version.Property(v => v.Status).HasMaxLength(16);
            version.Property(v => v.Capabilities).HasColumnType("jsonb");
            version.Property(v => v.Verification).HasColumnType("jsonb");
            version.Property(v => v.DeprecationReason).HasMaxLength(1000);
            version.Property(v => v.DriftReason).HasMaxLength(1000);
            version.HasIndex(v => v.NextReverificationAt).HasFilter("next_reverification_at IS NOT NULL");
            version.Ignore(v => v.IsDeprecated);
            version.Ignore(v => v.IsPublic);
            version.Ignore(v => v.Binding);
        });
    }
}

internal sealed class RegistryDesignTimeFactory() : DesignTimeContextFactory<RegistryDbContext>(RegistryDbContext.Schema)
{
    protected override RegistryDbContext Create(DbContextOptions<RegistryDbContext> options) => new(options);
}
