using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Registry.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AgentProtocolVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "protocol_version",
                schema: "registry",
                table: "versions",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            // Every a2a version registered before A2A 1.0 was spoken speaks 0.3.
            migrationBuilder.Sql("UPDATE registry.versions SET protocol_version = '0.3' WHERE protocol = 'a2a';");

            migrationBuilder.AddColumn<string>(
                name: "mcp_server",
                schema: "registry",
                table: "agents",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "protocol_version",
                schema: "registry",
                table: "versions");

            migrationBuilder.DropColumn(
                name: "mcp_server",
                schema: "registry",
                table: "agents");
        }
    }
}
