using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchDocumentPopularity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "popularity",
                schema: "marketplace",
                table: "search_documents",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // The copy now carries popularity too, so the trigger also fires when popularity changes.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION marketplace.sync_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_documents (id, search_vector, popularity) VALUES (NEW.id, NEW.search_vector, NEW.popularity)
                        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector, popularity = EXCLUDED.popularity
                        WHERE (search_documents.search_vector, search_documents.popularity) IS DISTINCT FROM (EXCLUDED.search_vector, EXCLUDED.popularity);
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_documents WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE OR REPLACE TRIGGER sync_search_document
                    AFTER INSERT OR UPDATE OF status, name, keywords, summary, popularity ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_document();

                UPDATE marketplace.search_documents d SET popularity = l.popularity
                  FROM marketplace.listings l WHERE l.id = d.id AND l.popularity <> 0;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_popularity_id",
                schema: "marketplace",
                table: "search_documents",
                columns: new[] { "popularity", "id" },
                descending: new bool[0]);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION marketplace.sync_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_documents (id, search_vector) VALUES (NEW.id, NEW.search_vector)
                        ON CONFLICT (id) DO UPDATE SET search_vector = EXCLUDED.search_vector
                        WHERE search_documents.search_vector IS DISTINCT FROM EXCLUDED.search_vector;
                    ELSIF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_documents WHERE id = NEW.id;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE OR REPLACE TRIGGER sync_search_document
                    AFTER INSERT OR UPDATE OF status, name, keywords, summary ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_document();
                """);

            migrationBuilder.DropIndex(
                name: "ix_search_documents_popularity_id",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "popularity",
                schema: "marketplace",
                table: "search_documents");
        }
    }
}
