using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AwaitingReply : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReplyLateSeconds",
                table: "Shops",
                type: "INTEGER",
                nullable: false,
                defaultValue: 180);

            migrationBuilder.AddColumn<int>(
                name: "ReplyWarnSeconds",
                table: "Shops",
                type: "INTEGER",
                nullable: false,
                defaultValue: 60);

            migrationBuilder.AddColumn<DateTime>(
                name: "AwaitingReplySince",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LastCustomerPreview",
                table: "Conversations",
                type: "TEXT",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_AssigneeId_AwaitingReplySince",
                table: "Conversations",
                columns: new[] { "AssigneeId", "AwaitingReplySince" });

            // Conversations already open: the buyer waits from their first message after the last
            // person's reply, and the row shows the buyer's own last words (their first 80 characters).
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "AwaitingReplySince" = (
                    SELECT MIN(m."CreatedAt") FROM "Messages" m
                    WHERE m."ConversationId" = "Conversations"."Id" AND m."Sender" = 'Customer'
                      AND ("Conversations"."LastAgentReplyAt" IS NULL OR m."CreatedAt" > "Conversations"."LastAgentReplyAt"))
                WHERE "LastCustomerMessageAt" IS NOT NULL
                  AND ("LastAgentReplyAt" IS NULL OR "LastAgentReplyAt" < "LastCustomerMessageAt")
                  AND "Status" IN ('New', 'Queued', 'Open', 'Pending');
                """);
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "LastCustomerPreview" = COALESCE((
                    SELECT substr(m."Body", 1, 80) FROM "Messages" m
                    WHERE m."ConversationId" = "Conversations"."Id" AND m."Sender" = 'Customer'
                    ORDER BY m."Sequence" DESC LIMIT 1), '');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_AssigneeId_AwaitingReplySince",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "ReplyLateSeconds",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "ReplyWarnSeconds",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "AwaitingReplySince",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "LastCustomerPreview",
                table: "Conversations");
        }
    }
}
