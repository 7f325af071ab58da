using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AfterSalesCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AfterSalesCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseNo = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrderId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RefundFen = table.Column<long>(type: "INTEGER", nullable: false),
                    NeedsSupervisor = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpenedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    OpenedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EscalatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnCarrier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ReturnTrackingNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ShipCarrier = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ShipTrackingNo = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReturnedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    InspectedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AfterSalesCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AfterSalesCases_Conversations_ConversationId",
                        column: x => x.ConversationId,
                        principalTable: "Conversations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_AfterSalesCases_Customers_CustomerId",
                        column: x => x.CustomerId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AfterSalesCases_Orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "Orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AfterSalesCases_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AfterSalesEvidence",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttachmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AfterSalesEvidence", x => new { x.CaseId, x.AttachmentId });
                    table.ForeignKey(
                        name: "FK_AfterSalesEvidence_AfterSalesCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "AfterSalesCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AfterSalesEvidence_Attachments_AttachmentId",
                        column: x => x.AttachmentId,
                        principalTable: "Attachments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_ConversationId",
                table: "AfterSalesCases",
                column: "ConversationId");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_CustomerId",
                table: "AfterSalesCases",
                column: "CustomerId");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_DueAt",
                table: "AfterSalesCases",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_OrderId",
                table: "AfterSalesCases",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_ShopId_CaseNo",
                table: "AfterSalesCases",
                columns: new[] { "ShopId", "CaseNo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_ShopId_CreatedAt",
                table: "AfterSalesCases",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesCases_ShopId_Status_DueAt",
                table: "AfterSalesCases",
                columns: new[] { "ShopId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AfterSalesEvidence_AttachmentId",
                table: "AfterSalesEvidence",
                column: "AttachmentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AfterSalesEvidence");

            migrationBuilder.DropTable(
                name: "AfterSalesCases");
        }
    }
}
