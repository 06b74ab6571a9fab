using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchDocumentFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Writers of listings wait until this migration commits, so none runs the old sync function
            // after the backfill has read its listing (another instance may be serving while this one migrates).
            migrationBuilder.Sql("LOCK TABLE marketplace.listings IN SHARE ROW EXCLUSIVE MODE;");

            migrationBuilder.AddColumn<string[]>(
                name: "capabilities",
                schema: "marketplace",
                table: "search_documents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string[]>(
                name: "categories",
                schema: "marketplace",
                table: "search_documents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<long>(
                name: "price_cents",
                schema: "marketplace",
                table: "search_documents",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "pricing_model",
                schema: "marketplace",
                table: "search_documents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<double>(
                name: "rating_average",
                schema: "marketplace",
                table: "search_documents",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "tags",
                schema: "marketplace",
                table: "search_documents",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<bool>(
                name: "verified",
                schema: "marketplace",
                table: "search_documents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            // Filled before the indexes are built, which is cheaper than maintaining them row by row.
            migrationBuilder.Sql("""
                UPDATE marketplace.search_documents d
                   SET categories = l.categories, tags = l.tags, capabilities = l.capabilities, pricing_model = l.pricing_model,
                       price_cents = l.price_cents, rating_average = l.rating_average, verified = l.verified
                  FROM marketplace.listings l WHERE l.id = d.id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_capabilities",
                schema: "marketplace",
                table: "search_documents",
                column: "capabilities")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_categories",
                schema: "marketplace",
                table: "search_documents",
                column: "categories")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_tags",
                schema: "marketplace",
                table: "search_documents",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            // The documents carry every column a search filters on, so text ranks from them whatever the filters.
            // The sync trigger copies them as it copies the document (and now fires when one of them changes); the
            // success rate keeps its own trigger (SearchReliabilityCopies). A rating is written as its sum and
            // count, from which the listing computes the average this copies.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION marketplace.sync_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_documents AS d (id, search_vector, popularity, reliability_success_rate,
                                    categories, tags, capabilities, pricing_model, price_cents, rating_average, verified)
                        VALUES (NEW.id, NEW.search_vector, NEW.popularity, NEW.reliability_success_rate,
                                NEW.categories, NEW.tags, NEW.capabilities, NEW.pricing_model, NEW.price_cents, NEW.rating_average, NEW.verified)
                        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, popularity = EXCLUDED.popularity,
                            categories = EXCLUDED.categories, tags = EXCLUDED.tags, capabilities = EXCLUDED.capabilities,
                            pricing_model = EXCLUDED.pricing_model, price_cents = EXCLUDED.price_cents,
                            rating_average = EXCLUDED.rating_average, verified = EXCLUDED.verified
                        WHERE (d.search_vector, d.popularity, d.categories, d.tags, d.capabilities,
                               d.pricing_model, d.price_cents, d.rating_average, d.verified)
                              IS DISTINCT FROM
                              (EXCLUDED.search_vector, EXCLUDED.popularity, EXCLUDED.categories, EXCLUDED.tags, EXCLUDED.capabilities,
                               EXCLUDED.pricing_model, EXCLUDED.price_cents, EXCLUDED.rating_average, EXCLUDED.verified);
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_documents WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE OR REPLACE TRIGGER sync_search_document
                    AFTER INSERT OR UPDATE OF status, name, keywords, summary, popularity, categories, tags, capabilities,
                                              pricing_model, price_cents, rating_sum, rating_count, verified ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_document();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE TRIGGER sync_search_document
                    AFTER INSERT OR UPDATE OF status, name, keywords, summary, popularity ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_document();

                CREATE OR REPLACE FUNCTION marketplace.sync_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_documents (id, search_vector, popularity, reliability_success_rate)
                        VALUES (NEW.id, NEW.search_vector, NEW.popularity, NEW.reliability_success_rate)
                        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, popularity = EXCLUDED.popularity
                        WHERE (search_documents.search_vector, search_documents.popularity) IS DISTINCT FROM (EXCLUDED.search_vector, EXCLUDED.popularity);
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_documents WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$;
                """);

            migrationBuilder.DropIndex(
                name: "ix_search_documents_capabilities",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_categories",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropIndex(
                name: "ix_search_documents_tags",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "capabilities",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "categories",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "price_cents",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "pricing_model",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "rating_average",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "tags",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "verified",
                schema: "marketplace",
                table: "search_documents");
        }
    }
}
