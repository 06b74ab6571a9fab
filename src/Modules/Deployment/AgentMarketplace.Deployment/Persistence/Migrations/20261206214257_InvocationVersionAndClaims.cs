using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Deployment.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class InvocationVersionAndClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "claimed_units",
                schema: "deployment",
                table: "invocations",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "version",
                schema: "deployment",
                table: "invocations",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "claimed_units",
                schema: "deployment",
                table: "invocations");

            migrationBuilder.DropColumn(
                name: "version",
                schema: "deployment",
                table: "invocations");
        }
    }
}
