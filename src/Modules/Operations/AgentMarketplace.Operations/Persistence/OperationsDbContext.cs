using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Operations.Persistence;

internal sealed class OperationsDbContext(DbContextOptions<OperationsDbContext> options) : DbContext(options)
{
    public const string Schema = "operations";

    public DbSet<ErrorReport> Errors => Set<ErrorReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<ErrorReport>(error =>
        {
            error.ToTable("error_reports");
            error.HasKey(e => e.Id);
            error.Property(e => e.Module).HasMaxLength(32);
            error.Property(e => e.Route).HasMaxLength(200);
            error.Property(e => e.TraceId).HasMaxLength(64);
            error.Property(e => e.Message).HasMaxLength(500);
            error.HasIndex(e => new { e.CreatedAt, e.Id });
            error.HasIndex(e => new { e.Module, e.CreatedAt });
            error.HasIndex(e => new { e.DeploymentId, e.CreatedAt });
        });
    }
}

internal sealed class OperationsDesignTimeFactory() : DesignTimeContextFactory<OperationsDbContext>(OperationsDbContext.Schema)
{
    protected override OperationsDbContext Create(DbContextOptions<OperationsDbContext> options) => new(options);
}
