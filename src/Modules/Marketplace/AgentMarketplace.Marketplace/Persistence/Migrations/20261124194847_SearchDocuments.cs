using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_documents",
                schema: "marketplace",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_documents", x => x.id);
                    table.ForeignKey(
                        name: "fk_search_documents_listings_id",
                        column: x => x.id,
                        principalSchema: "marketplace",
                        principalTable: "listings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector",
                schema: "marketplace",
                table: "search_documents",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            // A published listing has a search document equal to its search_vector, changed in the same
            // transaction as the listing; any other listing has none (deleting a listing cascades).
            migrationBuilder.Sql("""
                CREATE FUNCTION marketplace.sync_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
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

                CREATE TRIGGER sync_search_document
                    AFTER INSERT OR UPDATE OF status, name, keywords, summary ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_document();

                INSERT INTO marketplace.search_documents (id, search_vector)
                SELECT id, search_vector FROM marketplace.listings WHERE status = 'published';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER sync_search_document ON marketplace.listings;
                DROP FUNCTION marketplace.sync_search_document();
                """);

            migrationBuilder.DropTable(
                name: "search_documents",
                schema: "marketplace");
        }
    }
}
