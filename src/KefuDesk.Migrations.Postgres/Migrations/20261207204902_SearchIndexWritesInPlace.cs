using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KefuDesk.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexWritesInPlace : Migration
    {
        // Search entries are written in the chat path's transaction. With GIN's default fast update,
        // inserts pile up in a pending list and the insert that finds it full merges the whole list
        // into the index inside its own transaction: a stall of up to a second for every buyer whose
        // message shares that batch. Writing each entry into the index in place costs a little on
        // every insert and never all at once.
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX "IX_MessageSearchEntries_SearchVector" SET (fastupdate = off);
                """);
            // Merge what is already pending now, once, rather than at some later insert.
            migrationBuilder.Sql("""
                SELECT gin_clean_pending_list('"IX_MessageSearchEntries_SearchVector"'::regclass);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER INDEX "IX_MessageSearchEntries_SearchVector" RESET (fastupdate);
                """);
        }
    }
}
