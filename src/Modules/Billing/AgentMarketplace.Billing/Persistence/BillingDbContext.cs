using AgentMarketplace.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentMarketplace.Billing.Persistence;

internal sealed class BillingDbContext(DbContextOptions<BillingDbContext> options) : DbContext(options)
{
    public const string Schema = "billing";

    public DbSet<UsageRecord> Usage => Set<UsageRecord>();
    public DbSet<BillingRun> Runs => Set<BillingRun>();
    public DbSet<Invoice> Invoices => Set<Invoice>();
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();
    public DbSet<StripeEvent> StripeEvents => Set<StripeEvent>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        // Invoice numbers: INV-<year>-<this, zero-padded>.
        modelBuilder.HasSequence<long>("invoice_numbers");
        modelBuilder.Entity<UsageRecord>(usage =>
        {
            usage.ToTable("usage_events");
            usage.HasKey(u => u.Id);
            usage.Property(u => u.Version).HasMaxLength(128);
            usage.Property(u => u.Capability).HasMaxLength(64);
            usage.HasIndex(u => new { u.UserId, u.OccurredAt });
            usage.HasIndex(u => new { u.AgentId, u.OccurredAt });
            usage.Property(u => u.IdempotencyKey).HasMaxLength(255);
            // The unique constraint that makes batched reports count each key once, even when two
            // identical batches race.
            usage.HasIndex(u => new { u.ReporterId, u.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        });

        modelBuilder.Entity<BillingRun>(run =>
        {
            run.ToTable("billing_runs");
            run.HasKey(r => r.Id);
            run.HasIndex(r => new { r.PeriodStart, r.PeriodEnd }).IsUnique();
        });

        modelBuilder.Entity<Invoice>(invoice =>
        {
            invoice.ToTable("invoices");
            invoice.HasKey(i => i.Id);
            invoice.HasIndex(i => i.Number).IsUnique();
            invoice.HasIndex(i => new { i.UserId, i.PeriodStart }).IsUnique();
            invoice.Property(i => i.Number).HasMaxLength(32);
            invoice.Property(i => i.Status).HasMaxLength(16);
            invoice.Property(i => i.Currency).HasMaxLength(3);
            invoice.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InvoiceId);
        });

        modelBuilder.Entity<InvoiceLine>(line =>
        {
            line.ToTable("invoice_lines");
            line.HasKey(l => l.Id);
            line.Property(l => l.Description).HasMaxLength(300);
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.Id);
            payment.Property(p => p.Provider).HasMaxLength(16);
            payment.Property(p => p.ProviderPaymentId).HasMaxLength(128);
            payment.Property(p => p.Status).HasMaxLength(16);
            payment.Property(p => p.Currency).HasMaxLength(3);
            payment.Property(p => p.FailureReason).HasMaxLength(500);
            payment.HasIndex(p => p.InvoiceId).IsUnique().HasFilter("status IN ('processing', 'succeeded')");
            payment.HasIndex(p => p.ProviderPaymentId).IsUnique();
        });

        modelBuilder.Entity<LedgerEntry>(entry =>
        {
            entry.ToTable("ledger_entries");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Account).HasMaxLength(64);
            entry.Property(e => e.Currency).HasMaxLength(3);
            entry.Property(e => e.Kind).HasMaxLength(32);
            entry.HasIndex(e => e.TransactionId);
            entry.HasIndex(e => new { e.Account, e.At });
            entry.HasIndex(e => new { e.InvoiceId, e.Kind });
        });

        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.UserId, r.Scope, r.Key });
            record.Property(r => r.Key).HasMaxLength(255);
            record.Property(r => r.Scope).HasMaxLength(64);
            record.Property(r => r.RequestHash).HasMaxLength(64);
            record.HasIndex(r => r.CreatedAt);
        });

        modelBuilder.Entity<StripeEvent>(stripeEvent =>
        {
            stripeEvent.ToTable("stripe_events");
            stripeEvent.HasKey(e => e.EventId);
            stripeEvent.Property(e => e.EventId).HasMaxLength(255);
            stripeEvent.Property(e => e.Type).HasMaxLength(128);
        });
    }
}

internal sealed class BillingDesignTimeFactory() : DesignTimeContextFactory<BillingDbContext>(BillingDbContext.Schema)
{
    protected override BillingDbContext Create(DbContextOptions<BillingDbContext> options) => new(options);
}
