using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class GreetedOncePerEpisode : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "GreetedAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            // Conversations being served now that were welcomed: not welcomed again when re-routed.
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "GreetedAt" = "CreatedAt"
                WHERE "Status" IN ('New', 'Queued', 'Open', 'Pending')
                  AND EXISTS (SELECT 1 FROM "Messages" m WHERE m."ConversationId" = "Conversations"."Id" AND m."ClientMessageId" LIKE 'auto-greeting-%');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "GreetedAt",
                table: "Conversations");
        }
    }
}
