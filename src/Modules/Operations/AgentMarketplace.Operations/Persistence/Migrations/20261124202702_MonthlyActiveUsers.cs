using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Operations.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyActiveUsers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "monthly_active_users",
                schema: "operations",
                columns: table => new
                {
                    month = table.Column<DateOnly>(type: "date", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    days = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_monthly_active_users", x => new { x.month, x.user_id });
                });

            // The days already recorded become each month's day bits.
            migrationBuilder.Sql("""
                INSERT INTO operations.monthly_active_users (month, user_id, days)
                SELECT date_trunc('month', day)::date, user_id, bit_or(1 << (extract(day FROM day)::int - 1))
                  FROM operations.daily_active_users
                 GROUP BY 1, 2
                """);

            migrationBuilder.DropTable(
                name: "daily_active_users",
                schema: "operations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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

            // Each day bit back to a row of its own.
            migrationBuilder.Sql("""
                INSERT INTO operations.daily_active_users (day, user_id)
                SELECT (m.month + (d - 1))::date, m.user_id
                  FROM operations.monthly_active_users m CROSS JOIN generate_series(1, 31) d
                 WHERE m.days & (1 << (d - 1)) <> 0
                """);

            migrationBuilder.DropTable(
                name: "monthly_active_users",
                schema: "operations");
        }
    }
}
