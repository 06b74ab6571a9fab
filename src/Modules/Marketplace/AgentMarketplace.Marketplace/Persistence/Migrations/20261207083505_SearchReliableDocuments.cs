using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchReliableDocuments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "reliable",
                schema: "marketplace",
                table: "search_documents",
                type: "boolean",
                nullable: true,
                computedColumnSql: "reliability_success_rate >= 0.9::float8",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_search_documents_search_vector_reliable",
                schema: "marketplace",
                table: "search_documents",
                column: "search_vector",
                filter: "reliable")
                .Annotation("Npgsql:IndexMethod", "gin");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_search_documents_search_vector_reliable",
                schema: "marketplace",
                table: "search_documents");

            migrationBuilder.DropColumn(
                name: "reliable",
                schema: "marketplace",
                table: "search_documents");
        }
    }
}
