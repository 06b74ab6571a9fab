using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchReviewsActivity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "xmin",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<List<string>>(
                name: "capabilities",
                schema: "marketplace",
                table: "listings",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "catalog_changed_at",
                schema: "marketplace",
                table: "listings",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<List<string>>(
                name: "categories",
                schema: "marketplace",
                table: "listings",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<string>(
                name: "keywords",
                schema: "marketplace",
                table: "listings",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "latest_version",
                schema: "marketplace",
                table: "listings",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                schema: "marketplace",
                table: "listings",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "popularity",
                schema: "marketplace",
                table: "listings",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<long>(
                name: "price_cents",
                schema: "marketplace",
                table: "listings",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "pricing",
                schema: "marketplace",
                table: "listings",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "pricing_from",
                schema: "marketplace",
                table: "listings",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "pricing_model",
                schema: "marketplace",
                table: "listings",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "rating_count",
                schema: "marketplace",
                table: "listings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "rating_sum",
                schema: "marketplace",
                table: "listings",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "summary",
                schema: "marketplace",
                table: "listings",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<List<string>>(
                name: "tags",
                schema: "marketplace",
                table: "listings",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<bool>(
                name: "verified",
                schema: "marketplace",
                table: "listings",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "rating_average",
                schema: "marketplace",
                table: "listings",
                type: "double precision",
                nullable: true,
                computedColumnSql: "CASE WHEN rating_count > 0 THEN rating_sum::float8 / rating_count END",
                stored: true);

            migrationBuilder.AddColumn<double>(
                name: "rating_score",
                schema: "marketplace",
                table: "listings",
                type: "double precision",
                nullable: false,
                computedColumnSql: "(rating_sum + 15)::float8 / (rating_count + 5)",
                stored: true);

            migrationBuilder.AddColumn<string>(
                name: "search_terms",
                schema: "marketplace",
                table: "listings",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(name || ' ' || keywords)",
                stored: true);

            migrationBuilder.AddColumn<NpgsqlTsVector>(
                name: "search_vector",
                schema: "marketplace",
                table: "listings",
                type: "tsvector",
                nullable: true,
                computedColumnSql: "setweight(to_tsvector('english'::regconfig, name), 'A') || setweight(to_tsvector('english'::regconfig, keywords), 'B') || setweight(to_tsvector('english'::regconfig, summary), 'D')",
                stored: true);

            migrationBuilder.CreateTable(
                name: "agent_activity",
                schema: "marketplace",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    deployments = table.Column<long>(type: "bigint", nullable: false),
                    invocations = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_activity", x => new { x.agent_id, x.day });
                });

            migrationBuilder.CreateTable(
                name: "agent_ratings",
                schema: "marketplace",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    sum = table.Column<long>(type: "bigint", nullable: false),
                    stars1 = table.Column<int>(type: "integer", nullable: false),
                    stars2 = table.Column<int>(type: "integer", nullable: false),
                    stars3 = table.Column<int>(type: "integer", nullable: false),
                    stars4 = table.Column<int>(type: "integer", nullable: false),
                    stars5 = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_ratings", x => x.agent_id);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                schema: "marketplace",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    author_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    rating = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    body = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reply = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    replied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                    table.CheckConstraint("ck_reviews_rating", "rating BETWEEN 1 AND 5");
                });

            migrationBuilder.CreateIndex(
                name: "ix_listings_capabilities",
                schema: "marketplace",
                table: "listings",
                column: "capabilities",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_listings_categories",
                schema: "marketplace",
                table: "listings",
                column: "categories",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_listings_popularity_id",
                schema: "marketplace",
                table: "listings",
                columns: new[] { "popularity", "id" },
                descending: new bool[0],
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_price_cents_id",
                schema: "marketplace",
                table: "listings",
                columns: new[] { "price_cents", "id" },
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_published_at_id",
                schema: "marketplace",
                table: "listings",
                columns: new[] { "published_at", "id" },
                descending: new bool[0],
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_rating_score_id",
                schema: "marketplace",
                table: "listings",
                columns: new[] { "rating_score", "id" },
                descending: new bool[0],
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_search_terms",
                schema: "marketplace",
                table: "listings",
                column: "search_terms",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_listings_search_vector",
                schema: "marketplace",
                table: "listings",
                column: "search_vector",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_listings_tags",
                schema: "marketplace",
                table: "listings",
                column: "tags",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_agent_id_created_at_id",
                schema: "marketplace",
                table: "reviews",
                columns: new[] { "agent_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_reviews_agent_id_user_id",
                schema: "marketplace",
                table: "reviews",
                columns: new[] { "agent_id", "user_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_activity",
                schema: "marketplace");

            migrationBuilder.DropTable(
                name: "agent_ratings",
                schema: "marketplace");

            migrationBuilder.DropTable(
                name: "reviews",
                schema: "marketplace");

            migrationBuilder.DropIndex(
                name: "ix_listings_capabilities",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_categories",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_popularity_id",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_price_cents_id",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_published_at_id",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_rating_score_id",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_search_terms",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_search_vector",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_tags",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "rating_average",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "rating_score",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "search_terms",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "search_vector",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "capabilities",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "catalog_changed_at",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "categories",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "keywords",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "latest_version",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "name",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "popularity",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "price_cents",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "pricing",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "pricing_from",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "pricing_model",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "rating_count",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "rating_sum",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "summary",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "tags",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "verified",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                schema: "marketplace",
                table: "listings",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);
        }
    }
}
