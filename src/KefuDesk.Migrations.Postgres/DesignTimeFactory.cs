using KefuDesk.Infrastructure.Data;
using Microsoft.EntityFrameworkCore.Design;

namespace KefuDesk.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef migrations add</c> build the PostgreSQL model (scripts/add-migration.sh).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<KefuDeskDbContext>
{
    public KefuDeskDbContext CreateDbContext(string[] args) =>
        DataExtensions.CreateForDesignTime(DatabaseProvider.Postgres, "Host=localhost;Database=kefudesk_design;Username=postgres");
}
