using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AfterHoursReply",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "AnswerTimeoutSeconds",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "BusyReply",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Greeting",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Hours",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsDefault",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "LastAgentId",
                table: "SkillGroups",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "OverflowGroupId",
                table: "SkillGroups",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QueueTimeoutSeconds",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "RerouteWhenOffline",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "StickyDays",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Strategy",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "WaitNotice",
                table: "SkillGroups",
                type: "TEXT",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "WaitNoticeSeconds",
                table: "SkillGroups",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Hours",
                table: "Shops",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tags",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "AssignedAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EntryPoint",
                table: "Conversations",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "GroupSince",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAgentReplyAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PassedOverAgentId",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Question",
                table: "Conversations",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QueuePriority",
                table: "Conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "WaitNoticeAt",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "WaitingSince",
                table: "Conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "AgentSeats",
                columns: table => new
                {
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusSince = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReceptionLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    Weight = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAssignedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastActiveAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentSeats", x => x.AgentId);
                    table.ForeignKey(
                        name: "FK_AgentSeats_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgentStatusChanges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgentStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgentStatusChanges_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EntryRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EntryRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EntryRules_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_EntryRules_SkillGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "SkillGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SkillGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Priority = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SkillGroupMembers", x => new { x.GroupId, x.AgentId });
                    table.ForeignKey(
                        name: "FK_SkillGroupMembers_Agents_AgentId",
                        column: x => x.AgentId,
                        principalTable: "Agents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SkillGroupMembers_SkillGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "SkillGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SkillGroups_OverflowGroupId",
                table: "SkillGroups",
                column: "OverflowGroupId");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Status_AssigneeId_WaitingSince",
                table: "Conversations",
                columns: new[] { "Status", "AssigneeId", "WaitingSince" });

            migrationBuilder.CreateIndex(
                name: "IX_AgentStatusChanges_AgentId_At",
                table: "AgentStatusChanges",
                columns: new[] { "AgentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_EntryRules_GroupId",
                table: "EntryRules",
                column: "GroupId");

            migrationBuilder.CreateIndex(
                name: "IX_EntryRules_ShopId_Position",
                table: "EntryRules",
                columns: new[] { "ShopId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_SkillGroupMembers_AgentId",
                table: "SkillGroupMembers",
                column: "AgentId");

            migrationBuilder.AddForeignKey(
                name: "FK_SkillGroups_SkillGroups_OverflowGroupId",
                table: "SkillGroups",
                column: "OverflowGroupId",
                principalTable: "SkillGroups",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_SkillGroups_SkillGroups_OverflowGroupId",
                table: "SkillGroups");

            migrationBuilder.DropTable(
                name: "AgentSeats");

            migrationBuilder.DropTable(
                name: "AgentStatusChanges");

            migrationBuilder.DropTable(
                name: "EntryRules");

            migrationBuilder.DropTable(
                name: "SkillGroupMembers");

            migrationBuilder.DropIndex(
                name: "IX_SkillGroups_OverflowGroupId",
                table: "SkillGroups");

            migrationBuilder.DropIndex(
                name: "IX_Conversations_Status_AssigneeId_WaitingSince",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "AfterHoursReply",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "AnswerTimeoutSeconds",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "BusyReply",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "Greeting",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "Hours",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "IsDefault",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "LastAgentId",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "OverflowGroupId",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "QueueTimeoutSeconds",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "RerouteWhenOffline",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "StickyDays",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "Strategy",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "WaitNotice",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "WaitNoticeSeconds",
                table: "SkillGroups");

            migrationBuilder.DropColumn(
                name: "Hours",
                table: "Shops");

            migrationBuilder.DropColumn(
                name: "Tags",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "AssignedAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "EntryPoint",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "GroupSince",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "LastAgentReplyAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "PassedOverAgentId",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "Question",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "QueuePriority",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "WaitNoticeAt",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "WaitingSince",
                table: "Conversations");
        }
    }
}
