using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Operations.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "operations");

            migrationBuilder.CreateTable(
                name: "agent_owners",
                schema: "operations",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    publisher_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_owners", x => x.agent_id);
                });

            migrationBuilder.CreateTable(
                name: "daily_active_users",
                schema: "operations",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_active_users", x => new { x.day, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "daily_agent_totals",
                schema: "operations",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    invocations = table.Column<long>(type: "bigint", nullable: false),
                    errors = table.Column<long>(type: "bigint", nullable: false),
                    gross_cents = table.Column<long>(type: "bigint", nullable: false),
                    platform_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    net_cents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_agent_totals", x => new { x.day, x.agent_id });
                });

            migrationBuilder.CreateTable(
                name: "daily_totals",
                schema: "operations",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    new_users = table.Column<long>(type: "bigint", nullable: false),
                    invocations = table.Column<long>(type: "bigint", nullable: false),
                    errors = table.Column<long>(type: "bigint", nullable: false),
                    gross_cents = table.Column<long>(type: "bigint", nullable: false),
                    platform_fee_cents = table.Column<long>(type: "bigint", nullable: false),
                    net_cents = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_totals", x => x.day);
                });

            migrationBuilder.CreateTable(
                name: "error_reports",
                schema: "operations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    module = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    route = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: true),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    status = table.Column<int>(type: "integer", nullable: false),
                    trace_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    message = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_error_reports", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_owners_publisher_id",
                schema: "operations",
                table: "agent_owners",
                column: "publisher_id");

            migrationBuilder.CreateIndex(
                name: "ix_daily_agent_totals_agent_id_day",
                schema: "operations",
                table: "daily_agent_totals",
                columns: new[] { "agent_id", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_error_reports_created_at_id",
                schema: "operations",
                table: "error_reports",
                columns: new[] { "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_error_reports_deployment_id_created_at",
                schema: "operations",
                table: "error_reports",
                columns: new[] { "deployment_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_error_reports_module_created_at",
                schema: "operations",
                table: "error_reports",
                columns: new[] { "module", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_owners",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "daily_active_users",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "daily_agent_totals",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "daily_totals",
                schema: "operations");

            migrationBuilder.DropTable(
                name: "error_reports",
                schema: "operations");
        }
    }
}
