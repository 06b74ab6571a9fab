using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchReliabilityCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.CreateIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings",
                column: "reliability_success_rate",
                filter: "status = 'published'")
                .Annotation("Npgsql:IndexInclude", new[] { "pricing_model", "price_cents", "verified", "rating_average" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.CreateIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings",
                column: "reliability_success_rate",
                filter: "status = 'published'");
        }
    }
}
