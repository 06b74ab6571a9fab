using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AgentMarketplace.Deployment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "deployment");

            migrationBuilder.CreateTable(
                name: "deployments",
                schema: "deployment",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    agent_slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    environment = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    runtime = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    live_revision = table.Column<int>(type: "integer", nullable: false),
                    last_health_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    last_health_check_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_probe_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    consecutive_probe_failures = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    stopped_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_deployments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "health_changes",
                schema: "deployment",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    from = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    to = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_health_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "invocations",
                schema: "deployment",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    capability = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    latency_ms = table.Column<int>(type: "integer", nullable: false),
                    units = table.Column<long>(type: "bigint", nullable: false),
                    error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_invocations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "known_agent_versions",
                schema: "deployment",
                columns: table => new
                {
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    latest_version = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_known_agent_versions", x => x.agent_id);
                });

            migrationBuilder.CreateTable(
                name: "revisions",
                schema: "deployment",
                columns: table => new
                {
                    deployment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    endpoint_url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    protocol = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    capabilities = table.Column<string>(type: "jsonb", nullable: false),
                    config = table.Column<string>(type: "jsonb", nullable: false),
                    health_check_passed = table.Column<bool>(type: "boolean", nullable: false),
                    health_check_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_revisions", x => new { x.deployment_id, x.number });
                    table.ForeignKey(
                        name: "fk_revisions_deployments_deployment_id",
                        column: x => x.deployment_id,
                        principalSchema: "deployment",
                        principalTable: "deployments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_deployments_agent_id",
                schema: "deployment",
                table: "deployments",
                column: "agent_id");

            migrationBuilder.CreateIndex(
                name: "ix_deployments_next_probe_at",
                schema: "deployment",
                table: "deployments",
                column: "next_probe_at");

            migrationBuilder.CreateIndex(
                name: "ix_deployments_owner_id_created_at",
                schema: "deployment",
                table: "deployments",
                columns: new[] { "owner_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_health_changes_deployment_id_at",
                schema: "deployment",
                table: "health_changes",
                columns: new[] { "deployment_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_invocations_deployment_id_occurred_at",
                schema: "deployment",
                table: "invocations",
                columns: new[] { "deployment_id", "occurred_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "health_changes",
                schema: "deployment");

            migrationBuilder.DropTable(
                name: "invocations",
                schema: "deployment");

            migrationBuilder.DropTable(
                name: "known_agent_versions",
                schema: "deployment");

            migrationBuilder.DropTable(
                name: "revisions",
                schema: "deployment");

            migrationBuilder.DropTable(
                name: "deployments",
                schema: "deployment");
        }
    }
}
