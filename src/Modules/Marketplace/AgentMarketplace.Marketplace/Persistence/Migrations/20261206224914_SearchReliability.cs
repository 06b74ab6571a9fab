using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Marketplace.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SearchReliability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "reliability_calls",
                schema: "marketplace",
                table: "listings",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reliability_p50ms",
                schema: "marketplace",
                table: "listings",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "reliability_p95ms",
                schema: "marketplace",
                table: "listings",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "listings",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "reliability_score",
                schema: "marketplace",
                table: "listings",
                type: "double precision",
                nullable: false,
                computedColumnSql: "CASE WHEN reliability_success_rate IS NULL OR coalesce(reliability_calls, 0) = 0 THEN -1::float8 ELSE (reliability_success_rate + 1.9208 / reliability_calls::float8 - 1.96 * sqrt((reliability_success_rate * (1 - reliability_success_rate) + 0.9604 / reliability_calls::float8) / reliability_calls::float8)) / (1 + 3.8416 / reliability_calls::float8) END",
                stored: true);

            migrationBuilder.CreateTable(
                name: "version_reliability",
                schema: "marketplace",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    calls = table.Column<long>(type: "bigint", nullable: true),
                    success_rate = table.Column<double>(type: "double precision", nullable: true),
                    p50latency_ms = table.Column<int>(type: "integer", nullable: true),
                    p95latency_ms = table.Column<int>(type: "integer", nullable: true),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_version_reliability", x => new { x.agent_id, x.version });
                });

            migrationBuilder.CreateIndex(
                name: "ix_listings_reliability_score_id",
                schema: "marketplace",
                table: "listings",
                columns: new[] { "reliability_score", "id" },
                descending: new bool[0],
                filter: "status = 'published'");

            migrationBuilder.CreateIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings",
                column: "reliability_success_rate",
                filter: "status = 'published'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "version_reliability",
                schema: "marketplace");

            migrationBuilder.DropIndex(
                name: "ix_listings_reliability_score_id",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropIndex(
                name: "ix_listings_reliability_success_rate",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "reliability_score",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "reliability_calls",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "reliability_p50ms",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "reliability_p95ms",
                schema: "marketplace",
                table: "listings");

            migrationBuilder.DropColumn(
                name: "reliability_success_rate",
                schema: "marketplace",
                table: "listings");
        }
    }
}
