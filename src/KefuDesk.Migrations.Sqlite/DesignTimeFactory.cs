using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace KefuDesk.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the SQLite model (scripts/add-migration.sh).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KefuDeskDbContext>
{
    public KefuDeskDbContext CreateDbContext(string[] args) =>
        DataExtensions.CreateForDesignTime(DatabaseProvider.Sqlite, "Data Source=design-time.db");
}
