using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Registry.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class VerificationClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "verifying_until",
                schema: "registry",
                table: "versions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "verifying_until",
                schema: "registry",
                table: "versions");
        }
    }
}
