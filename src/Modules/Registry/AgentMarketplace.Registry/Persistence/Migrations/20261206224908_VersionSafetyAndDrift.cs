using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Registry.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VersionSafetyAndDrift : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "drift_reason",
                schema: "registry",
                table: "versions",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "drifted",
                schema: "registry",
                table: "versions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "first_verified_at",
                schema: "registry",
                table: "versions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_reverification_at",
                schema: "registry",
                table: "versions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_versions_next_reverification_at",
                schema: "registry",
                table: "versions",
                column: "next_reverification_at",
                filter: "next_reverification_at IS NOT NULL");

            // Versions verified before: released when they were verified, and re-verified within the next day.
            migrationBuilder.Sql("""
                UPDATE registry.versions SET first_verified_at = verified_at WHERE status = 'verified';
                UPDATE registry.versions SET next_reverification_at = now() + random() * interval '1 day'
                 WHERE status = 'verified' AND deprecated_at IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_versions_next_reverification_at",
                schema: "registry",
                table: "versions");

            migrationBuilder.DropColumn(
                name: "drift_reason",
                schema: "registry",
                table: "versions");

            migrationBuilder.DropColumn(
                name: "drifted",
                schema: "registry",
                table: "versions");

            migrationBuilder.DropColumn(
                name: "first_verified_at",
                schema: "registry",
                table: "versions");

            migrationBuilder.DropColumn(
                name: "next_reverification_at",
                schema: "registry",
                table: "versions");
        }
    }
}
