using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentMarketplace.Billing.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class UsageIdempotencyKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "idempotency_key",
                schema: "billing",
                table: "usage_events",
                type: "character varying(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "reporter_id",
                schema: "billing",
                table: "usage_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_usage_events_reporter_id_idempotency_key",
                schema: "billing",
                table: "usage_events",
                columns: new[] { "reporter_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_usage_events_reporter_id_idempotency_key",
                schema: "billing",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "idempotency_key",
                schema: "billing",
                table: "usage_events");

            migrationBuilder.DropColumn(
                name: "reporter_id",
                schema: "billing",
                table: "usage_events");
        }
    }
}
