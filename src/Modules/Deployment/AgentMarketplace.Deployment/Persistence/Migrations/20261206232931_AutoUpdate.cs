using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Deployment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AutoUpdate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "auto_update",
                schema: "deployment",
                table: "deployments",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "none");

            migrationBuilder.AddColumn<string>(
                name: "auto_update_error",
                schema: "deployment",
                table: "deployments",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "auto_update_version",
                schema: "deployment",
                table: "deployments",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "auto_updated_at",
                schema: "deployment",
                table: "deployments",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "auto_update",
                schema: "deployment",
                table: "deployments");

            migrationBuilder.DropColumn(
                name: "auto_update_error",
                schema: "deployment",
                table: "deployments");

            migrationBuilder.DropColumn(
                name: "auto_update_version",
                schema: "deployment",
                table: "deployments");

            migrationBuilder.DropColumn(
                name: "auto_updated_at",
                schema: "deployment",
                table: "deployments");
        }
    }
}
