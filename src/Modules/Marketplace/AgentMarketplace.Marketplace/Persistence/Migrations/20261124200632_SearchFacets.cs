using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchFacets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_facets",
                schema: "marketplace",
                columns: table => new
                {
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    value = table.Column<string>(type: "text", nullable: false),
                    listing_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_search_facets", x => new { x.kind, x.value, x.listing_id });
                    table.ForeignKey(
                        name: "fk_search_facets_listings_listing_id",
                        column: x => x.listing_id,
                        principalSchema: "marketplace",
                        principalTable: "listings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_search_facets_listing_id",
                schema: "marketplace",
                table: "search_facets",
                column: "listing_id");

            // A published listing has one row per distinct category, tag and capability name it carries
            // now, changed in the same transaction as the listing; any other listing has none.
            migrationBuilder.Sql("""
                CREATE FUNCTION marketplace.sync_search_facets() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_facets WHERE listing_id = NEW.id;
                    END IF;
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_facets (kind, value, listing_id)
                        SELECT 'category', v, NEW.id FROM unnest(NEW.categories) v
                        UNION SELECT 'tag', v, NEW.id FROM unnest(NEW.tags) v
                        UNION SELECT 'capability', v, NEW.id FROM unnest(NEW.capabilities) v;
                    END IF;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER sync_search_facets
                    AFTER INSERT OR UPDATE OF status, categories, tags, capabilities ON marketplace.listings
                    FOR EACH ROW EXECUTE FUNCTION marketplace.sync_search_facets();

                INSERT INTO marketplace.search_facets (kind, value, listing_id)
                SELECT 'category', v, id FROM marketplace.listings, unnest(categories) v WHERE status = 'published'
                UNION SELECT 'tag', v, id FROM marketplace.listings, unnest(tags) v WHERE status = 'published'
                UNION SELECT 'capability', v, id FROM marketplace.listings, unnest(capabilities) v WHERE status = 'published';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER sync_search_facets ON marketplace.listings;
                DROP FUNCTION marketplace.sync_search_facets();
                """);

            migrationBuilder.DropTable(
                name: "search_facets",
                schema: "marketplace");
        }
    }
}
