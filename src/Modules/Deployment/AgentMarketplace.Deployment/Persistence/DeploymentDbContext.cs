using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Deployment.Persistence;

internal sealed class DeploymentDbContext(DbContextOptions<DeploymentDbContext> options) : DbContext(options)
{
    public const string Schema = "deployment";

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.HasDefaultSchema(Schema);
}

internal sealed class DeploymentDesignTimeFactory() : DesignTimeContextFactory<DeploymentDbContext>(DeploymentDbContext.Schema)
{
    protected override DeploymentDbContext Create(DbContextOptions<DeploymentDbContext> options) => new(options);
}
