using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PresenceAndWidgetSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "PreChatAskEmail",
                table: "Shops",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AgentPresences",
                columns: table => new
                {
                    AgentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastSeenAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    OnlineUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentPresences", x => x.AgentId);
                    table.ForeignKey(
                        name: "FK_AgentPresences_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AgentPresences_OnlineUntil",
                table: "AgentPresences",
                column: "OnlineUntil");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgentPresences");

            migrationBuilder.DropColumn(
                name: "PreChatAskEmail",
                table: "Shops");
        }
    }
}
