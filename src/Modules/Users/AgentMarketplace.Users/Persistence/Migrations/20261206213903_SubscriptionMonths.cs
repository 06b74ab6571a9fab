using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Users.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SubscriptionMonths : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "quota_subscriptions",
                schema: "users",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    agent_id = table.Column<Guid>(type: "uuid", nullable: false),
                    units = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_subscriptions", x => new { x.user_id, x.month, x.agent_id });
                    table.ForeignKey(
                        name: "fk_quota_subscriptions_quota_usage_user_id_month",
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
                name: "quota_subscriptions",
                schema: "users");
        }
    }
}
