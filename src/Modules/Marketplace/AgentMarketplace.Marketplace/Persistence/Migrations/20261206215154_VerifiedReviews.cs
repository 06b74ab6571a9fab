using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VerifiedReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "verified_use",
                schema: "marketplace",
                table: "reviews",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "version",
                schema: "marketplace",
                table: "reviews",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            // Ratings now count reviews from verified use only; reviews written before the rule are not.
            migrationBuilder.Sql("""
                UPDATE marketplace.agent_ratings SET count = 0, sum = 0, stars1 = 0, stars2 = 0, stars3 = 0, stars4 = 0, stars5 = 0;
                UPDATE marketplace.listings SET rating_count = 0, rating_sum = 0 WHERE rating_count <> 0 OR rating_sum <> 0;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The aggregates the Up took unverified reviews out of are not restored: recount them if going back.
            migrationBuilder.DropColumn(
                name: "verified_use",
                schema: "marketplace",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "marketplace",
                table: "reviews");
        }
    }
}
