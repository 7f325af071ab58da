using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChannelDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "OutboundDeliveries",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "ChannelAccountId",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundDeliveries_ConversationId_Sequence",
                table: "OutboundDeliveries",
                columns: new[] { "ConversationId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_ChannelAccountId",
                table: "Conversations",
                column: "ChannelAccountId");

            migrationBuilder.AddForeignKey(
                name: "FK_Conversations_ChannelAccounts_ChannelAccountId",
                table: "Conversations",
                column: "ChannelAccountId",
                principalTable: "ChannelAccounts",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Conversations_ChannelAccounts_ChannelAccountId",
                table: "Conversations");

            migrationBuilder.DropIndex(
                name: "IX_OutboundDeliveries_ConversationId_Sequence",
                table: "OutboundDeliveries");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_ChannelAccountId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "OutboundDeliveries");

            migrationBuilder.DropColumn(
                name: "ChannelAccountId",
                table: "Conversations");
        }
    }
}
