using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ShopDataImport : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ShopImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FileBytes = table.Column<long>(type: "INTEGER", nullable: false),
                    UploadedById = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StatusChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ConfirmedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Progress = table.Column<int>(type: "INTEGER", nullable: false),
                    New = table.Column<int>(type: "INTEGER", nullable: false),
                    Updated = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    Stale = table.Column<int>(type: "INTEGER", nullable: false),
                    ProblemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Problems = table.Column<string>(type: "TEXT", nullable: false),
                    MissingColumns = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Sample = table.Column<string>(type: "TEXT", nullable: false),
                    Failure = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Worker = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShopImports", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShopImports_Shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "Shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShopImports_ShopId_CreatedAt",
                table: "ShopImports",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ShopImports_Status_StatusChangedAt",
                table: "ShopImports",
                columns: new[] { "Status", "StatusChangedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShopImports");
        }
    }
}
