using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class HistorySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "MessageSearchEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Sender = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SenderAgentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Internal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Recalled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Tokens = table.Column<string>(type: "TEXT", maxLength: 40000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageSearchEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MessageSearchEntries_Messages_MessageId",
                        column: x => x.MessageId,
                        principalTable: "Messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchIndexCursors",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    CheckedUpTo = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchIndexCursors", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_CreatedAt",
                table: "Messages",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_MessageSearchEntries_MessageId",
                table: "MessageSearchEntries",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MessageSearchEntries_ShopId_CreatedAt",
                table: "MessageSearchEntries",
                columns: new[] { "ShopId", "CreatedAt" });

            // The full-text index: an FTS5 table over the entries' token text (external content, so the
            // text is stored once), kept in step by triggers. The tokens are already split by
            // SearchTokenizer; unicode61 only separates them at the spaces. Recall marks update other
            // columns and leave the index alone.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "MessageSearch" USING fts5(
                    "Tokens", content='MessageSearchEntries', content_rowid='Id', tokenize='unicode61 remove_diacritics 0');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "MessageSearchEntries_ai" AFTER INSERT ON "MessageSearchEntries" BEGIN
                    INSERT INTO "MessageSearch"(rowid, "Tokens") VALUES (new."Id", new."Tokens");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "MessageSearchEntries_ad" AFTER DELETE ON "MessageSearchEntries" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Tokens") VALUES ('delete', old."Id", old."Tokens");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "MessageSearchEntries_au" AFTER UPDATE OF "Tokens" ON "MessageSearchEntries" BEGIN
                    INSERT INTO "MessageSearch"("MessageSearch", rowid, "Tokens") VALUES ('delete', old."Id", old."Tokens");
                    INSERT INTO "MessageSearch"(rowid, "Tokens") VALUES (new."Id", new."Tokens");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "MessageSearchEntries_au";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "MessageSearchEntries_ad";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "MessageSearchEntries_ai";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "MessageSearch";""");

            migrationBuilder.DropTable(
                name: "MessageSearchEntries");

            migrationBuilder.DropTable(
                name: "SearchIndexCursors");

            migrationBuilder.DropIndex(
                name: "IX_Messages_CreatedAt",
                table: "Messages");
        }
    }
}
