using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Deployment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VersionReliability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "version_call_stats",
                schema: "deployment",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    bucket = table.Column<short>(type: "smallint", nullable: false),
                    successes = table.Column<long>(type: "bigint", nullable: false),
                    failures = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_version_call_stats", x => new { x.agent_id, x.version, x.day, x.bucket });
                });

            migrationBuilder.CreateIndex(
                name: "ix_version_call_stats_day",
                schema: "deployment",
                table: "version_call_stats",
                column: "day");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "version_call_stats",
                schema: "deployment");
        }
    }
}
