using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Users.Persistence;

internal sealed class UsersDbContext(DbContextOptions<UsersDbContext> options) : DbContext(options)
{
    public const string Schema = "users";

    public DbSet<User> Users => Set<User>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<QuotaUsage> QuotaUsage => Set<QuotaUsage>();
    public DbSet<HeldQuota> QuotaLeases => Set<HeldQuota>();
    public DbSet<SubscriptionMonth> SubscriptionMonths => Set<SubscriptionMonth>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);

        modelBuilder.Entity<User>(user =>
        {
            user.HasKey(u => u.Id);
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.NormalizedEmail).HasMaxLength(254);
            user.HasIndex(u => u.NormalizedEmail).IsUnique();
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.PublisherName).HasMaxLength(100);
            user.Property(u => u.NormalizedPublisherName).HasMaxLength(100);
            user.HasIndex(u => u.NormalizedPublisherName).IsUnique();
            user.Property(u => u.PayoutEmail).HasMaxLength(254);
            user.Property(u => u.Plan).HasMaxLength(64);
            user.OwnsOne(u => u.Preferences, preferences => preferences.ToJson());
        });

        modelBuilder.Entity<ApiKey>(key =>
        {
            key.HasKey(k => k.Id);
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.KeyHash).HasMaxLength(64);
            key.HasIndex(k => k.KeyHash).IsUnique();
            key.HasIndex(k => new { k.UserId, k.CreatedAt });
            key.HasOne<User>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<QuotaUsage>(usage =>
        {
            usage.HasKey(u => new { u.UserId, u.Month });
            usage.HasOne<User>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<HeldQuota>(lease =>
        {
            lease.HasKey(l => new { l.UserId, l.Month, l.Holder });
            lease.HasOne<QuotaUsage>().WithMany().HasForeignKey(l => new { l.UserId, l.Month }).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<SubscriptionMonth>(subscription =>
        {
            subscription.ToTable("quota_subscriptions");
            subscription.HasKey(s => new { s.UserId, s.Month, s.AgentId });
            subscription.HasOne<QuotaUsage>().WithMany().HasForeignKey(s => new { s.UserId, s.Month }).OnDelete(DeleteBehavior.Cascade);
        });
    }
}

internal sealed class UsersDesignTimeFactory() : DesignTimeContextFactory<UsersDbContext>(UsersDbContext.Schema)
{
    protected override UsersDbContext Create(DbContextOptions<UsersDbContext> options) => new(options);
}
