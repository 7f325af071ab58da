using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KefuDesk.Migrations.Postgres.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConversationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ShopId = table.Column<Guid>(type: "uuid", nullable: false),
                    Channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Sender = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SenderAgentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Internal = table.Column<bool>(type: "boolean", nullable: false),
                    Recalled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Tokens = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false)
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
                    Name = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    CheckedUpTo = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            // The full-text index: a tsvector the database derives from the token text (already split
            // by SearchTokenizer; the 'simple' configuration only lower-cases and keeps positions for
            // ranking), with a GIN index. Not in the EF model: the application never reads or writes it.
            migrationBuilder.Sql("""
                ALTER TABLE "MessageSearchEntries"
                    ADD COLUMN "SearchVector" tsvector GENERATED ALWAYS AS (to_tsvector('simple', "Tokens")) STORED;
                """);
            migrationBuilder.Sql("""
                CREATE INDEX "IX_MessageSearchEntries_SearchVector" ON "MessageSearchEntries" USING GIN ("SearchVector");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
