using AgentMarketplace.BuildingBlocks.Persistence;
using AgentMarketplace.Marketplace.Reviews;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace AgentMarketplace.Marketplace.Persistence;

internal sealed class MarketplaceDbContext(DbContextOptions<MarketplaceDbContext> options) : DbContext(options)
{
    public const string Schema = "marketplace";
    private const string Published = "status = 'published'";

    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<ListingPrice> Prices => Set<ListingPrice>();
    public DbSet<SearchDocument> SearchDocuments => Set<SearchDocument>();
    public DbSet<SearchFacet> SearchFacets => Set<SearchFacet>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<AgentRating> Ratings => Set<AgentRating>();
    public DbSet<AgentActivity> Activity => Set<AgentActivity>();
    public DbSet<VersionReliabilityCopy> VersionReliability => Set<VersionReliabilityCopy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        // Installed where CREATE EXTENSION puts it (public), so its operators resolve in every schema's queries.
        modelBuilder.HasPostgresExtension("pg_trgm");

        modelBuilder.Entity<Listing>(listing =>
        {
            listing.HasKey(l => l.Id);
            listing.HasIndex(l => l.AgentId).IsUnique();
            listing.Property(l => l.AgentSlug).HasMaxLength(64);
            listing.Property(l => l.Status).HasMaxLength(16);
            listing.HasMany(l => l.Prices).WithOne().HasForeignKey(p => p.ListingId).OnDelete(DeleteBehavior.Cascade);

            listing.Property(l => l.Name).HasMaxLength(200);
            listing.Property(l => l.LatestVersion).HasMaxLength(64);
            listing.Property(l => l.Pricing).HasColumnType("jsonb");
            listing.Property(l => l.PricingModel).HasMaxLength(16);
            listing.Property(l => l.RatingAverage)
                .HasComputedColumnSql("CASE WHEN rating_count > 0 THEN rating_sum::float8 / rating_count END", stored: true);
            listing.Property(l => l.RatingScore).HasComputedColumnSql(BayesianRating.Sql("rating_sum", "rating_count"), stored: true);
            listing.Property<NpgsqlTsVector>("SearchVector").HasComputedColumnSql(
                "setweight(to_tsvector('english'::regconfig, name), 'A') || " +
                "setweight(to_tsvector('english'::regconfig, keywords), 'B') || " +
                "setweight(to_tsvector('english'::regconfig, summary), 'D')", stored: true);
            // What typo-tolerant matching compares against: the short, distinctive fields, not the description.
            listing.Property<string>("SearchTerms").HasComputedColumnSql("lower(name || ' ' || keywords)", stored: true);

            listing.HasIndex("SearchVector").HasMethod("gin").HasFilter(Published);
            listing.HasIndex("SearchTerms").HasMethod("gin").HasOperators("gin_trgm_ops").HasFilter(Published);
            listing.HasIndex(l => l.Categories).HasMethod("gin").HasFilter(Published);
            listing.HasIndex(l => l.Tags).HasMethod("gin").HasFilter(Published);
            listing.HasIndex(l => l.Capabilities).HasMethod("gin").HasFilter(Published);
            listing.HasIndex(l => new { l.RatingScore, l.Id }).IsDescending(true, true).HasFilter(Published);
            listing.HasIndex(l => new { l.Popularity, l.Id }).IsDescending(true, true).HasFilter(Published);
            listing.HasIndex(l => new { l.PublishedAt, l.Id }).IsDescending(true, true).HasFilter(Published);
            listing.HasIndex(l => new { l.PriceCents, l.Id }).HasFilter(Published);
            // For a first page's total: with them, counting the listings of a common filter is an
            // index-only scan of a small index (B-tree deduplication stores each value about once per
            // page) instead of reading every matching row.
            listing.HasIndex(l => l.Verified).HasFilter(Published);
            listing.HasIndex(l => l.PricingModel).HasFilter(Published);
            listing.Property(l => l.ReliabilityScore)
                .HasComputedColumnSql(Catalog.ReliabilityScore.Sql("reliability_success_rate", "reliability_calls"), stored: true);
            listing.HasIndex(l => new { l.ReliabilityScore, l.Id }).IsDescending(true, true).HasFilter(Published);
            // Counts a success-rate filter, alone or beside the scalar filters, index-only: without the INCLUDE,
            // `minSuccessRate` with `pricingModel` read every free listing's wide row to count (117 ms at 100k).
            // The arrays (categories, tags, capabilities) stay out: an entry must fit a B-tree page.
            listing.HasIndex(l => l.ReliabilitySuccessRate)
                .IncludeProperties(l => new { l.PricingModel, l.PriceCents, l.Verified, l.RatingAverage })
                .HasFilter(Published);
        });

        modelBuilder.Entity<SearchDocument>(document =>
        {
            document.ToTable("search_documents");
            document.HasKey(d => d.Id);
            document.HasOne<Listing>().WithOne().HasForeignKey<SearchDocument>(d => d.Id).OnDelete(DeleteBehavior.Cascade);
            document.Property<NpgsqlTsVector>("SearchVector").IsRequired();
            document.HasIndex("SearchVector").HasMethod("gin");
            document.Property<long>("Popularity");
            document.HasIndex("Popularity", "Id").IsDescending(true, true);
            // Every filter a search can set, so that text ranks from this narrow copy whatever the filters. The
            // rate itself is not indexed: where its page has room, a new rate updates the document in place (HOT)
            // without touching the text index, unless it crosses the line of `reliable`. The arrays are: text beside a category, tag or capability
            // visits only the documents both indexes name (a BitmapAnd).
            document.Property<double?>("ReliabilitySuccessRate");
            // Text with a high minimum success rate reads only the reliable documents' matches (2.5 times fewer
            // for `invoice` at 0.9 in the benchmark): without this index it read every match to test its rate.
            document.Property<bool?>("Reliable").HasComputedColumnSql(SearchSql.ReliableDefinition, stored: true);
            document.HasIndex(["SearchVector"], "ReliableSearchVector").HasDatabaseName("ix_search_documents_search_vector_reliable")
                .HasMethod("gin").HasFilter("reliable");
            document.Property<string[]>("Categories").HasDefaultValueSql("'{}'::text[]").IsRequired();
            document.Property<string[]>("Tags").HasDefaultValueSql("'{}'::text[]").IsRequired();
            document.Property<string[]>("Capabilities").HasDefaultValueSql("'{}'::text[]").IsRequired();
            document.HasIndex("Categories").HasMethod("gin");
            document.HasIndex("Tags").HasMethod("gin");
            document.HasIndex("Capabilities").HasMethod("gin");
            document.Property<string>("PricingModel").HasMaxLength(16).HasDefaultValue("").IsRequired();
            document.Property<long>("PriceCents");
            document.Property<double?>("RatingAverage");
            document.Property<bool>("Verified");
        });

        modelBuilder.Entity<SearchFacet>(facet =>
        {
            facet.ToTable("search_facets");
            facet.HasKey(f => new { f.Kind, f.Value, f.ListingId });
            facet.Property(f => f.Kind).HasMaxLength(16);
            facet.HasOne<Listing>().WithMany().HasForeignKey(f => f.ListingId).OnDelete(DeleteBehavior.Cascade);
            // A facet with `minSuccessRate` counts its total from this index alone, as a facet alone does from the key.
            facet.Property<double?>("ReliabilitySuccessRate");
            facet.HasIndex(nameof(SearchFacet.Kind), nameof(SearchFacet.Value), "ReliabilitySuccessRate")
                .HasFilter("reliability_success_rate IS NOT NULL");
        });

        modelBuilder.Entity<ListingPrice>(price =>
        {
            price.HasKey(p => new { p.ListingId, p.EffectiveFrom });
            price.Property(p => p.Pricing).HasColumnType("jsonb");
        });

        modelBuilder.Entity<Review>(review =>
        {
            review.HasKey(r => r.Id);
            review.HasIndex(r => new { r.AgentId, r.UserId }).IsUnique();
            review.HasIndex(r => new { r.AgentId, r.CreatedAt, r.Id });
            review.Property(r => r.AuthorName).HasMaxLength(200);
            review.Property(r => r.Version).HasMaxLength(128);
            review.Property(r => r.Title).HasMaxLength(ReviewRules.MaxTitle);
            review.Property(r => r.Body).HasMaxLength(ReviewRules.MaxBody);
            review.Property(r => r.Reply).HasMaxLength(ReviewRules.MaxBody);
            review.Property(r => r.RowVersion).IsRowVersion();
            review.ToTable(t => t.HasCheckConstraint("ck_reviews_rating", "rating BETWEEN 1 AND 5"));
        });

        modelBuilder.Entity<AgentRating>(rating =>
        {
            rating.ToTable("agent_ratings");
            rating.HasKey(r => r.AgentId);
        });
        modelBuilder.Entity<VersionReliabilityCopy>(reliability =>
        {
            reliability.ToTable("version_reliability");
            reliability.HasKey(r => new { r.AgentId, r.Version });
            reliability.Property(r => r.Version).HasMaxLength(128);
        });
        modelBuilder.Entity<AgentActivity>(activity =>
        {
            activity.ToTable("agent_activity");
            activity.HasKey(a => new { a.AgentId, a.Day });
        });
    }
}

internal sealed class MarketplaceDesignTimeFactory() : DesignTimeContextFactory<MarketplaceDbContext>(MarketplaceDbContext.Schema)
{
    protected override MarketplaceDbContext Create(DbContextOptions<MarketplaceDbContext> options) => new(options);
}
