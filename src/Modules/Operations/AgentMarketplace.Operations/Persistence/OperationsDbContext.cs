using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Operations.Persistence;

internal sealed class OperationsDbContext(DbContextOptions<OperationsDbContext> options) : DbContext(options)
{
    public const string Schema = "operations";

    public DbSet<ErrorReport> Errors => Set<ErrorReport>();
    public DbSet<DailyTotals> DailyTotals => Set<DailyTotals>();
    public DbSet<DailyAgentTotals> DailyAgentTotals => Set<DailyAgentTotals>();
    public DbSet<MonthlyActiveUser> MonthlyActiveUsers => Set<MonthlyActiveUser>();
    public DbSet<AgentOwner> AgentOwners => Set<AgentOwner>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();

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
        modelBuilder.Entity<DailyTotals>(day =>
        {
            day.ToTable("daily_totals");
            day.HasKey(d => d.Day);
        });
        modelBuilder.Entity<DailyAgentTotals>(day =>
        {
            day.ToTable("daily_agent_totals");
            day.HasKey(d => new { d.Day, d.AgentId });
            day.HasIndex(d => new { d.AgentId, d.Day });
        });
        modelBuilder.Entity<MonthlyActiveUser>(active =>
        {
            active.ToTable("monthly_active_users");
            active.HasKey(a => new { a.Month, a.UserId });
        });
        modelBuilder.Entity<JobRun>(run =>
        {
            run.ToTable("job_runs");
            run.HasKey(r => r.Job);
            run.Property(r => r.Job).HasMaxLength(64);
        });
        modelBuilder.Entity<AgentOwner>(owner =>
        {
            owner.ToTable("agent_owners");
            owner.HasKey(o => o.AgentId);
            owner.HasIndex(o => o.PublisherId);
        });
    }
}

internal sealed class OperationsDesignTimeFactory() : DesignTimeContextFactory<OperationsDbContext>(OperationsDbContext.Schema)
{
    protected override OperationsDbContext Create(DbContextOptions<OperationsDbContext> options) => new(options);
}
