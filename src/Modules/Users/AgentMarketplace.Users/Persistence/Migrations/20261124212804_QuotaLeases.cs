using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Users.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class QuotaLeases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quota_leases",
                schema: "users",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    holder = table.Column<Guid>(type: "uuid", nullable: false),
                    calls = table.Column<long>(type: "bigint", nullable: false),
                    spend_cents = table.Column<long>(type: "bigint", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_leases", x => new { x.user_id, x.month, x.holder });
                    table.ForeignKey(
                        name: "fk_quota_leases_quota_usage_user_id_month",
                        columns: x => new { x.user_id, x.month },
                        principalSchema: "users",
                        principalTable: "quota_usage",
                        principalColumns: new[] { "user_id", "month" },
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quota_leases",
                schema: "users");
        }
    }
}
