using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Persistence;

internal sealed class DeploymentDbContext(DbContextOptions<DeploymentDbContext> options) : DbContext(options)
{
    public const string Schema = "deployment";

    public DbSet<AgentDeployment> Deployments => Set<AgentDeployment>();
    public DbSet<DeploymentRevision> Revisions => Set<DeploymentRevision>();
    public DbSet<KnownAgentVersion> KnownAgentVersions => Set<KnownAgentVersion>();
    public DbSet<Invocation> Invocations => Set<Invocation>();
    public DbSet<HealthChange> HealthChanges => Set<HealthChange>();
    public DbSet<CommitMarker> CommitMarkers => Set<CommitMarker>();
    public DbSet<VersionCallStats> VersionCallStats => Set<VersionCallStats>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<AgentDeployment>(deployment =>
        {
            deployment.ToTable("deployments");
            deployment.HasKey(d => d.Id);
            deployment.Property(d => d.AgentSlug).HasMaxLength(64);
            deployment.Property(d => d.Environment).HasMaxLength(32);
            deployment.Property(d => d.Runtime).HasMaxLength(32);
            deployment.Property(d => d.Status).HasMaxLength(16);
            deployment.Property(d => d.LastHealthError).HasMaxLength(1000);
            deployment.HasIndex(d => new { d.OwnerId, d.CreatedAt });
            deployment.HasIndex(d => d.AgentId);
            deployment.HasIndex(d => d.NextProbeAt);
            deployment.Property(d => d.AutoUpdate).HasMaxLength(16).HasDefaultValue(AutoUpdateModes.None);
            deployment.Property(d => d.AutoUpdateVersion).HasMaxLength(128);
            deployment.Property(d => d.AutoUpdateError).HasMaxLength(1000);
            deployment.Property(d => d.RowVersion).IsRowVersion();
            deployment.HasMany(d => d.Revisions).WithOne().HasForeignKey(r => r.DeploymentId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<DeploymentRevision>(revision =>
        {
            revision.HasKey(r => new { r.DeploymentId, r.Number });
            revision.Property(r => r.Version).HasMaxLength(128);
            revision.Property(r => r.EndpointUrl).HasMaxLength(2048);
            revision.Property(r => r.Protocol).HasMaxLength(16);
            revision.Property(r => r.Capabilities).HasColumnType("jsonb");
            revision.Property(r => r.Config).HasColumnType("jsonb");
            revision.Property(r => r.HealthCheckError).HasMaxLength(1000);
        });

        modelBuilder.Entity<Invocation>(invocation =>
        {
            invocation.HasKey(i => i.Id);
            invocation.Property(i => i.Id).UseIdentityAlwaysColumn();
            invocation.Property(i => i.Capability).HasMaxLength(64);
            invocation.Property(i => i.Version).HasMaxLength(128);
            invocation.Property(i => i.Outcome).HasMaxLength(16);
            invocation.Property(i => i.Error).HasMaxLength(500);
            invocation.HasIndex(i => new { i.DeploymentId, i.OccurredAt });
        });

        modelBuilder.Entity<HealthChange>(change =>
        {
            change.HasKey(c => c.Id);
            change.Property(c => c.Id).UseIdentityAlwaysColumn();
            change.Property(c => c.From).HasMaxLength(16);
            change.Property(c => c.To).HasMaxLength(16);
            change.Property(c => c.Error).HasMaxLength(1000);
            change.HasIndex(c => new { c.DeploymentId, c.At });
        });

        modelBuilder.Entity<VersionCallStats>(stats =>
        {
            stats.ToTable("version_call_stats");
            stats.HasKey(s => new { s.AgentId, s.Version, s.Day, s.Bucket });
            stats.Property(s => s.Version).HasMaxLength(128);
            stats.HasIndex(s => s.Day);
        });

        modelBuilder.Entity<KnownAgentVersion>(known =>
        {
            known.HasKey(k => k.AgentId);
            known.Property(k => k.LatestVersion).HasMaxLength(128);
        });

        modelBuilder.Entity<CommitMarker>(marker =>
        {
            marker.HasKey(m => m.Id);
            marker.Property(m => m.Id).ValueGeneratedNever();
        });
    }
}

internal sealed class DeploymentDesignTimeFactory() : DesignTimeContextFactory<DeploymentDbContext>(DeploymentDbContext.Schema)
{
    protected override DeploymentDbContext Create(DbContextOptions<DeploymentDbContext> options) => new(options);
}
