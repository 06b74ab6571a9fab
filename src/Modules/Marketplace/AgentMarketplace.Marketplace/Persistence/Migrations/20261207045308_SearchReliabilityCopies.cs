using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchReliabilityCopies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "search_facets",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "search_documents",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_search_facets_kind_value_reliability_success_rate",
                schema: "marketplace",
                table: "search_facets",
                columns: new[] { "kind", "value", "reliability_success_rate" },
                filter: "reliability_success_rate IS NOT NULL");

            // The search copies carry the listing's success rate, changed in the same transaction as the listing:
            // rows the sync triggers (re)write take it as they are written, and a change of the rate alone is
            // copied into the rows there are by a trigger of its own, which does nothing unless the rate changed
            // (a refresh of the figures that leaves it as it was runs no function at all). Pages of documents
            // written from now on keep room, so that such a copy can stay on its page without touching the text
            // index (HOT); pages written before fill as they are (a rewrite of the table would free them).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION marketplace.sync_search_facets() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' THEN
                        DELETE FROM marketplace.search_facets WHERE listing_id = NEW.id;
                    END IF;
                    IF NEW.status = 'published' THEN
                        INSERT INTO marketplace.search_facets (kind, value, listing_id, reliability_success_rate)
                        SELECT f.kind, f.value, NEW.id, NEW.reliability_success_rate
                          FROM (SELECT 'category' AS kind, v AS value FROM unnest(NEW.categories) v
                                UNION SELECT 'tag', v FROM unnest(NEW.tags) v
                                UNION SELECT 'capability', v FROM unnest(NEW.capabilities) v) f;
                    END IF;
                    RETURN NULL;
                END
                $$;

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

                CREATE FUNCTION marketplace.copy_success_rate() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE marketplace.search_documents SET reliability_success_rate = NEW.reliability_success_rate WHERE id = NEW.id;
                    UPDATE marketplace.search_facets SET reliability_success_rate = NEW.reliability_success_rate WHERE listing_id = NEW.id;
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER copy_success_rate
                    AFTER UPDATE OF reliability_success_rate ON marketplace.listings
                    FOR EACH ROW WHEN (OLD.reliability_success_rate IS DISTINCT FROM NEW.reliability_success_rate)
                    EXECUTE FUNCTION marketplace.copy_success_rate();

                ALTER TABLE marketplace.search_documents SET (fillfactor = 80);

                UPDATE marketplace.search_facets f SET reliability_success_rate = l.reliability_success_rate
                  FROM marketplace.listings l WHERE l.id = f.listing_id AND l.reliability_success_rate IS NOT NULL;
                UPDATE marketplace.search_documents d SET reliability_success_rate = l.reliability_success_rate
                  FROM marketplace.listings l WHERE l.id = d.id AND l.reliability_success_rate IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER copy_success_rate ON marketplace.listings;
                DROP FUNCTION marketplace.copy_success_rate();
                ALTER TABLE marketplace.search_documents RESET (fillfactor);

                CREATE OR REPLACE FUNCTION marketplace.sync_search_facets() RETURNS trigger LANGUAGE plpgsql AS $$
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
                """);

            migrationBuilder.DropIndex(
                name: "ix_search_facets_kind_value_reliability_success_rate",
                schema: "marketplace",
                table: "search_facets");

            migrationBuilder.DropColumn(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "search_facets");

            migrationBuilder.DropColumn(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "search_documents");
        }
    }
}
