using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchCountIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_listings_pricing_model",
                schema: "marketplace",
                table: "listings",
                column: "pricing_model",
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_verified",
                schema: "marketplace",
                table: "listings",
                column: "verified",
                filter: "status = 'published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_listings_pricing_model",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_verified",
                schema: "marketplace",
                table: "listings");
        }
    }
}
